package dev.guard.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads SQL as MySQL 8.0 reads it under a given sql_mode: comments, executable comments
 * ({@code /*!}, {@code /*!NNNNN}, {@code /*M!}, {@code /*M!NNNNNN}) whose contents are code,
 * optimizer hints, strings with backslash escapes and doubled quotes, back-quoted identifiers,
 * the {@code --} rule, and statement separators.
 *
 * <p>Where MySQL's reading is uncertain (a nested comment inside an executable one, a version
 * number of unusual length, a stray control character) the lexer reports an error rather than
 * guess: the statement is then denied.
 */
public final class Lexer {

    /** Charset names MySQL accepts as introducers ({@code _utf8mb4'x'}). */
    private static final Set<String> CHARSETS = Set.of(
            "armscii8", "ascii", "big5", "binary", "cp1250", "cp1251", "cp1256", "cp1257", "cp850",
            "cp852", "cp866", "cp932", "dec8", "eucjpms", "euckr", "gb18030", "gb2312", "gbk",
            "geostd8", "greek", "hebrew", "hp8", "keybcs2", "koi8r", "koi8u", "latin1", "latin2",
            "latin5", "latin7", "macce", "macroman", "sjis", "swe7", "tis620", "ucs2", "ujis",
            "utf16", "utf16le", "utf32", "utf8", "utf8mb3", "utf8mb4");

    private static final String[] OPERATORS = {
        "<=>", "->>", "<=", ">=", "<>", "!=", "<<", ">>", "||", "&&", ":=", "->",
        "(", ")", ",", ".", "+", "-", "*", "/", "%", "=", "<", ">", "!", "~", "^", "&", "|", "{", "}", ":"
    };

    private final String sql;
    private final SqlMode mode;
    private final List<Token> tokens = new ArrayList<>();
    private final List<String> hints = new ArrayList<>();
    private int pos;
    /** Offset where the open executable comment started, or -1. */
    private int executableStart = -1;

    private Lexer(String sql, SqlMode mode) {
        this.sql = sql;
        this.mode = mode;
    }

    /** Reads {@code sql} under {@code mode}. Never throws on any input. */
    public static Lexed lex(String sql, SqlMode mode) {
        try {
            return new Lexer(sql, mode).run();
        } catch (LexError e) {
            return Lexed.failed(e.getMessage());
        }
    }

    private static final class LexError extends RuntimeException {
        LexError(String message) {
            super(message, null, false, false);
        }
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C;
    }

    /** Characters MySQL takes into an unquoted identifier. */
    static boolean isIdentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '$' || c >= 0x80;
    }

    private Lexed run() {
        int n = sql.length();
        while (true) {
            skipSpaceAndComments();
            if (pos >= n) {
                break;
            }
            char c = sql.charAt(pos);
            if (executableStart >= 0 && c == '*' && peek(1) == '/') {
                executableStart = -1;
                pos += 2;
                continue;
            }
            readToken(c);
        }
        if (executableStart >= 0) {
            throw new LexError("an executable comment starting at offset " + executableStart + " is not closed");
        }
        return new Lexed(joinAdjacentStrings(tokens), hints, null);
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private void skipSpaceAndComments() {
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '#' || (c == '-' && peek(1) == '-' && startsDashComment(pos + 2))) {
                if (executableStart >= 0) {
                    throw new LexError("a line comment inside an executable comment is ambiguous");
                }
                int nl = sql.indexOf('\n', pos);
                pos = nl < 0 ? n : nl + 1;
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else {
                return;
            }
        }
    }

    /** MySQL's {@code --} rule: a comment only when a space or control character (or the end) follows. */
    private boolean startsDashComment(int after) {
        if (after >= sql.length()) {
            return true;
        }
        char c = sql.charAt(after);
        return c <= ' ' || c == 0x7F;
    }

    /**
     * Handles a comment starting at {@code pos} ({@code /*}): skips an ordinary comment or hint,
     * or opens an executable comment whose contents are then read as code.
     */
    private void blockComment() {
        int start = pos;
        if (executableStart >= 0) {
            throw new LexError("a comment inside an executable comment is ambiguous");
        }
        int close = sql.indexOf("*/", pos + 2);
        char third = peek(2);
        boolean mariadb = third == 'M' && peek(3) == '!';
        if (third == '!' || mariadb) {
            int p = pos + (mariadb ? 4 : 3);
            int digits = 0;
            while (p + digits < sql.length() && Character.isDigit(sql.charAt(p + digits))
                    && sql.charAt(p + digits) < 0x80) {
                digits++;
            }
            boolean versionOk = digits == 0 || digits == 5 || (mariadb && digits == 6);
            if (!versionOk) {
                throw new LexError("the version number of the executable comment at offset " + start
                        + " has " + digits + " digits; MySQL's reading of it is ambiguous");
            }
            if (close < 0) {
                throw new LexError("unterminated executable comment at offset " + start);
            }
            executableStart = start;
            pos = p + digits;
            return;
        }
        if (close < 0) {
            throw new LexError("unterminated comment at offset " + start);
        }
        if (third == '+') {
            hints.add(sql.substring(pos + 3, close));
        }
        pos = close + 2;
    }

    private void readToken(char c) {
        int start = pos;
        if (c == '\'' || (c == '"' && !mode.ansiQuotes())) {
            add(Token.Type.STRING, start, quoted(c, true));
        } else if (c == '`' || c == '"') {
            add(Token.Type.QUOTED_IDENT, start, quoted(c, false));
        } else if (c == ';') {
            pos++;
            add(Token.Type.SEMICOLON, start, ";");
        } else if (c == '?') {
            pos++;
            add(Token.Type.PARAM, start, "?");
        } else if (c == '@') {
            variable(start);
        } else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && peek(1) == '\'') {
            pos++;
            String body = quoted('\'', false);
            String allowed = (c == 'x' || c == 'X') ? "0123456789abcdefABCDEF" : "01";
            for (int i = 0; i < body.length(); i++) {
                if (allowed.indexOf(body.charAt(i)) < 0) {
                    throw new LexError("malformed " + c + "'...' literal at offset " + start);
                }
            }
            add(Token.Type.HEX_STRING, start, body);
        } else if ((c == 'n' || c == 'N') && peek(1) == '\'') {
            pos++;
            add(Token.Type.STRING, start, quoted('\'', true));
        } else if (Character.isDigit(c) && c < 0x80 || (c == '.' && isAsciiDigit(peek(1)) && !afterIdentifierDot())) {
            numberOrWord(start);
        } else if (isIdentChar(c)) {
            while (pos < sql.length() && isIdentChar(sql.charAt(pos))) {
                pos++;
            }
            String word = sql.substring(start, pos);
            // A charset introducer binds to the literal that follows it (_utf8mb4'x', _binary 0x41).
            if (word.startsWith("_") && CHARSETS.contains(word.substring(1).toLowerCase(Locale.ROOT))) {
                int save = pos;
                skipSpaceAndComments();
                if (pos < sql.length() && (sql.charAt(pos) == '\'' || (sql.charAt(pos) == '"' && !mode.ansiQuotes()))) {
                    add(Token.Type.STRING, start, quoted(sql.charAt(pos), true));
                    return;
                }
                pos = save;
            }
            add(Token.Type.WORD, start, word);
        } else {
            for (String op : OPERATORS) {
                if (sql.startsWith(op, pos)) {
                    pos += op.length();
                    add(Token.Type.OP, start, op);
                    return;
                }
            }
            throw new LexError("unexpected character U+" + String.format("%04X", (int) c) + " at offset " + start);
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** True when the previous token is an identifier directly followed by the dot at pos: {@code t.1col}. */
    private boolean afterIdentifierDot() {
        if (tokens.isEmpty()) {
            return false;
        }
        Token last = tokens.get(tokens.size() - 1);
        return last.end() == pos && last.isIdentifier();
    }

    private void numberOrWord(int start) {
        int n = sql.length();
        // An identifier part after a qualifier dot may start with digits (t.1col).
        boolean afterDot = !tokens.isEmpty() && tokens.get(tokens.size() - 1).is(".")
                && tokens.get(tokens.size() - 1).end() == start;
        int p = start;
        if (sql.startsWith("0x", p) || sql.startsWith("0b", p)) {
            int q = p + 2;
            String allowed = sql.charAt(p + 1) == 'x' ? "0123456789abcdefABCDEF" : "01";
            while (q < n && allowed.indexOf(sql.charAt(q)) >= 0) {
                q++;
            }
            if (q > p + 2 && (q >= n || !isIdentChar(sql.charAt(q)))) {
                pos = q;
                add(Token.Type.NUMBER, start, sql.substring(start, q));
                return;
            }
        }
        while (p < n && isAsciiDigit(sql.charAt(p))) {
            p++;
        }
        if (!afterDot) {
            if (p < n && sql.charAt(p) == '.') {
                p++;
                while (p < n && isAsciiDigit(sql.charAt(p))) {
                    p++;
                }
            }
            if (p < n && (sql.charAt(p) == 'e' || sql.charAt(p) == 'E')) {
                int q = p + 1;
                if (q < n && (sql.charAt(q) == '+' || sql.charAt(q) == '-')) {
                    q++;
                }
                if (q < n && isAsciiDigit(sql.charAt(q))) {
                    while (q < n && isAsciiDigit(sql.charAt(q))) {
                        q++;
                    }
                    // MySQL ends a number at the end of its exponent, whatever follows (1e1FROM is 1e1 FROM).
                    pos = q;
                    add(Token.Type.NUMBER, start, sql.substring(start, q));
                    return;
                }
            }
        }
        if (p < n && isIdentChar(sql.charAt(p)) || afterDot) {
            // Digits followed by identifier characters: MySQL reads an identifier (123abc).
            if (sql.substring(start, p).contains(".")) {
                throw new LexError("malformed number at offset " + start);
            }
            while (p < n && isIdentChar(sql.charAt(p))) {
                p++;
            }
            pos = p;
            add(Token.Type.WORD, start, sql.substring(start, p));
            return;
        }
        pos = p;
        add(Token.Type.NUMBER, start, sql.substring(start, p));
    }

    private void variable(int start) {
        if (peek(1) == '@') {
            pos += 2;
            int from = pos;
            // @@session.name, @@global.name: the dot belongs to the variable.
            while (pos < sql.length() && (isIdentChar(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            if (pos == from) {
                throw new LexError("empty system variable name at offset " + start);
            }
            add(Token.Type.SYS_VAR, start, sql.substring(from, pos));
            return;
        }
        pos++;
        char c = pos < sql.length() ? sql.charAt(pos) : '\0';
        String name;
        if (c == '\'' || c == '"' || c == '`') {
            name = quoted(c, c != '`');
        } else {
            int from = pos;
            while (pos < sql.length() && (isIdentChar(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            name = sql.substring(from, pos);
        }
        if (name.isEmpty()) {
            throw new LexError("empty user variable name at offset " + start);
        }
        add(Token.Type.USER_VAR, start, name);
    }

    /**
     * Reads a quoted string or identifier starting at pos and returns its contents. Doubled
     * quotes stand for one; in strings a backslash escapes the next character unless
     * NO_BACKSLASH_ESCAPES is set.
     */
    private String quoted(char quote, boolean string) {
        int start = pos;
        pos++;
        StringBuilder value = new StringBuilder();
        boolean escapes = string && !mode.noBackslashEscapes();
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (c == quote) {
                if (pos + 1 < n && sql.charAt(pos + 1) == quote) {
                    value.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                return value.toString();
            }
            if (c == '\\' && escapes) {
                if (pos + 1 >= n) {
                    break;
                }
                value.append(unescape(sql.charAt(pos + 1)));
                pos += 2;
                continue;
            }
            value.append(c);
            pos++;
        }
        throw new LexError("unterminated " + (string ? "string" : "quoted identifier") + " starting at offset " + start);
    }

    /** MySQL's backslash escapes; {@code \%} and {@code \_} keep the backslash. */
    private static String unescape(char c) {
        return switch (c) {
            case '0' -> "\0";
            case 'b' -> "\b";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'Z' -> "\u001A";
            case '%' -> "\\%";
            case '_' -> "\\_";
            default -> String.valueOf(c);
        };
    }

    private void add(Token.Type type, int start, String value) {
        tokens.add(new Token(type, sql.substring(start, pos), value, start, pos));
    }

    /** MySQL joins adjacent string literals into one ({@code 'a' 'b'} is {@code 'ab'}). */
    private static List<Token> joinAdjacentStrings(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            Token last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.type() == Token.Type.STRING && t.type() == Token.Type.STRING
                    && !t.text().startsWith("_") && !startsNational(t)) {
                out.set(out.size() - 1, new Token(Token.Type.STRING, last.text() + " " + t.text(),
                        last.value() + t.value(), last.start(), t.end()));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean startsNational(Token t) {
        char c = t.text().charAt(0);
        return c == 'n' || c == 'N';
    }
}
