package dev.guard.jdbc;

/**
 * Counts the {@code ?} placeholders of a statement as MySQL reads it: not inside '...' or "..."
 * strings (doubled quotes, backslash escapes unless NO_BACKSLASH_ESCAPES), `...` identifiers,
 * {@code #} and {@code -- } line comments or {@code /* *}{@code /} comments. The contents of an
 * executable comment ({@code /*!...*}{@code /}, {@code /*M!...*}{@code /}) are code, so its
 * placeholders count.
 */
final class Placeholders {

    private Placeholders() {}

    /**
     * @param backslashEscapes false under sql_mode NO_BACKSLASH_ESCAPES
     * @param ansiQuotes       true under ANSI_QUOTES ("..." is an identifier, without escapes)
     */
    static int count(String sql, boolean backslashEscapes, boolean ansiQuotes) {
        int n = sql.length();
        int count = 0;
        boolean executable = false;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                boolean escapes = backslashEscapes && c != '`' && !(c == '"' && ansiQuotes);
                i = skipQuoted(sql, i, c, escapes);
            } else if (c == '#' || (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-'
                    && (i + 2 >= n || sql.charAt(i + 2) <= ' ' || sql.charAt(i + 2) == 0x7F))) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                boolean mysql = i + 2 < n && sql.charAt(i + 2) == '!';
                boolean mariadb = i + 3 < n && sql.charAt(i + 2) == 'M' && sql.charAt(i + 3) == '!';
                if ((mysql || mariadb) && !executable) {
                    executable = true;
                    i += mysql ? 3 : 4;
                    while (i < n && sql.charAt(i) >= '0' && sql.charAt(i) <= '9') {
                        i++;
                    }
                } else {
                    int close = sql.indexOf("*/", i + 2);
                    i = close < 0 ? n : close + 2;
                }
            } else if (executable && c == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
                executable = false;
                i += 2;
            } else {
                if (c == '?') {
                    count++;
                }
                i++;
            }
        }
        return count;
    }

    /** The index just after the quoted text starting at {@code start}. */
    private static int skipQuoted(String sql, int start, char quote, boolean escapes) {
        int n = sql.length();
        int i = start + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }
}
