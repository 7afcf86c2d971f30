package dev.guard.sql;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parts of MySQL's {@code sql_mode} that change how a statement is read.
 *
 * @param ansiQuotes         {@code "..."} is an identifier, not a string
 * @param noBackslashEscapes {@code \} is an ordinary character inside strings
 * @param pipesAsConcat      {@code ||} concatenates instead of meaning OR
 */
public record SqlMode(boolean ansiQuotes, boolean noBackslashEscapes, boolean pipesAsConcat) {

    /** MySQL 8.0's default sql_mode reads none of these. */
    public static final SqlMode DEFAULT = new SqlMode(false, false, false);

    /**
     * Parses a sql_mode value as the server reports it (comma-separated, any case). Combination
     * modes ({@code ANSI}) expand as MySQL expands them.
     */
    public static SqlMode parse(String value) {
        Set<String> modes = new TreeSet<>();
        for (String m : value.split(",")) {
            String mode = m.trim().toUpperCase(Locale.ROOT);
            if (!mode.isEmpty()) {
                modes.add(mode);
            }
        }
        boolean ansi = modes.contains("ANSI");
        return new SqlMode(
                ansi || modes.contains("ANSI_QUOTES"),
                modes.contains("NO_BACKSLASH_ESCAPES"),
                ansi || modes.contains("PIPES_AS_CONCAT"));
    }
}
