package dev.guard.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text JSqlParser sees: the statement's tokens re-spelled so that the parser cannot read
 * them differently from MySQL. Comments are gone and executable comments are plain code;
 * every literal becomes a numbered placeholder string ({@code '__gs3'}) and every identifier
 * the parser might split or mangle a numbered placeholder identifier ({@code `__gq4`}); the
 * original values stay here, keyed by placeholder. The text is pure ASCII on one line, so a
 * parser token's absolute offset maps back to a lexer token.
 */
final class ParserInput {

    static final String PREFIX = "__gq";
    private static final String STRING_PREFIX = "__gs";
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    final String text;
    final List<Token> tokens;
    /** Placeholder identifier name to the real name. */
    private final Map<String, String> identifiers = new HashMap<>();
    /** Placeholder string body to its literal token. */
    private final Map<String, Token> literals = new HashMap<>();
    /** Offset in text to index in tokens. */
    private final Map<Integer, Integer> offsets = new HashMap<>();

    ParserInput(List<Token> tokens, SqlMode mode) {
        this.tokens = tokens;
        StringBuilder out = new StringBuilder();
        Token previous = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            // Qualified names are spelled without spaces around their dots.
            boolean glued = t.is(".") || (previous != null && previous.is("."));
            if (out.length() > 0 && !glued) {
                out.append(' ');
            }
            offsets.put(out.length(), i);
            out.append(spell(t, mode));
            previous = t;
        }
        this.text = out.toString();
    }

    private String spell(Token t, SqlMode mode) {
        return switch (t.type()) {
            case WORD -> SIMPLE.matcher(t.value()).matches() && !hasPrefix(t.value()) ? t.value() : placeholder(t.value());
            case QUOTED_IDENT -> SIMPLE.matcher(t.value()).matches() && !hasPrefix(t.value())
                    ? "`" + t.value() + "`" : placeholder(t.value());
            case STRING, HEX_STRING -> {
                String key = STRING_PREFIX + literals.size();
                literals.put(key, t);
                yield "'" + key + "'";
            }
            case USER_VAR -> "@" + (SIMPLE.matcher(t.value()).matches() && !hasPrefix(t.value())
                    ? t.value() : placeholder(t.value()).replace("`", ""));
            case SYS_VAR -> "@@" + t.value();
            case OP -> switch (t.value()) {
                case "||" -> mode.pipesAsConcat() ? "||" : "OR";
                case "&&" -> "AND";
                default -> t.value();
            };
            case NUMBER, PARAM, SEMICOLON -> t.value();
        };
    }

    private static boolean hasPrefix(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith(PREFIX) || name.toLowerCase(Locale.ROOT).startsWith(STRING_PREFIX);
    }

    private String placeholder(String real) {
        String name = PREFIX + identifiers.size();
        identifiers.put(name, real);
        return "`" + name + "`";
    }

    /**
     * The real name behind a name as JSqlParser reports it (quotes removed, placeholders
     * resolved).
     */
    String name(String parsed) {
        if (parsed == null) {
            return null;
        }
        String bare = parsed;
        if (bare.length() >= 2 && bare.charAt(0) == '`' && bare.charAt(bare.length() - 1) == '`') {
            bare = bare.substring(1, bare.length() - 1);
        } else if (bare.length() >= 2 && bare.charAt(0) == '"' && bare.charAt(bare.length() - 1) == '"') {
            bare = bare.substring(1, bare.length() - 1);
        }
        String real = identifiers.get(bare);
        return real != null ? real : bare;
    }

    /** The literal token behind a placeholder string as JSqlParser reports it ({@code __gs3}), or null. */
    Token literal(String parsedStringValue) {
        return literals.get(parsedStringValue);
    }

    /** The index of the lexer token that starts at this offset of {@link #text}, or -1. */
    int tokenAt(int offset) {
        Integer i = offsets.get(offset);
        return i == null ? -1 : i;
    }

    /** The token spelled at this offset of {@link #text}, or null. */
    Token tokenAtOffset(int offset) {
        Integer i = offsets.get(offset);
        return i == null ? null : tokens.get(i);
    }

    /** The 1-based number of the {@code ?} parameter at this offset of {@link #text}, or 0. */
    int parameterNumber(int offset) {
        Integer at = offsets.get(offset);
        if (at == null || tokens.get(at).type() != Token.Type.PARAM) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i <= at; i++) {
            if (tokens.get(i).type() == Token.Type.PARAM) {
                n++;
            }
        }
        return n;
    }

    /** Every literal placeholder, for checks that look at all of them. */
    List<Token> allLiterals() {
        return new ArrayList<>(literals.values());
    }
}
