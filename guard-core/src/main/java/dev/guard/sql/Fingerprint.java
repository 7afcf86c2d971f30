package dev.guard.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement's fingerprint, as the contract defines it: tokens after executable comments are
 * expanded and comments dropped; keywords, function, column and alias names in lower case;
 * table names replaced by their resolved {@code schema.table}; quoting dropped; every literal
 * (number with its sign, string with introducer or COLLATE, hex, bit, temporal literal, NULL,
 * TRUE, FALSE) becomes {@code ?} and a parenthesised list of them {@code (?+)}; one trailing
 * {@code ;} dropped; joined by single spaces.
 */
final class Fingerprint {

    private Fingerprint() {}

    /** Words after which a {@code -} or {@code +} is a sign, not an operator. */
    private static final Set<String> SIGN_CONTEXT = Set.of("select", "where", "and", "or", "not", "xor", "by",
            "limit", "offset", "values", "value", "set", "on", "when", "then", "else", "in", "is", "like", "between",
            "return", "interval", "having", "distinct", "all", "any", "some", "case", "div", "mod", "regexp", "rlike",
            "row", "into", "as");

    static String of(List<Token> tokens, Work work) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Work.TableSpan span = work.tableSpans.get(i);
            if (span != null) {
                out.add(span.qualified());
                i = span.last();
                continue;
            }
            if (isLiteralStart(tokens, i)) {
                i = endOfLiteral(tokens, i);
                out.add("?");
                continue;
            }
            switch (t.type()) {
                case WORD, QUOTED_IDENT -> out.add(t.value().toLowerCase(Locale.ROOT));
                case USER_VAR -> out.add("@" + t.value().toLowerCase(Locale.ROOT));
                case SYS_VAR -> out.add("@@" + t.value().toLowerCase(Locale.ROOT));
                case PARAM -> out.add("?");
                case SEMICOLON -> { }
                default -> out.add(t.value());
            }
        }
        // Qualified names (a . b) are one name; (? , ? , ?) is (?+).
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            String s = out.get(i);
            if (s.equals(".") && !joined.isEmpty() && i + 1 < out.size()) {
                joined.set(joined.size() - 1, joined.get(joined.size() - 1) + "." + out.get(++i));
            } else {
                joined.add(s);
            }
        }
        return String.join(" ", collapseLists(joined));
    }

    private static List<String> collapseLists(List<String> in) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).equals("(")) {
                int j = i + 1;
                boolean ok = j < in.size() && in.get(j).equals("?");
                while (ok && j + 1 < in.size() && in.get(j + 1).equals(",")) {
                    j += 2;
                    ok = j < in.size() && in.get(j).equals("?");
                }
                if (ok && j + 1 < in.size() && in.get(j + 1).equals(")")) {
                    out.add("(?+)");
                    i = j + 1;
                    continue;
                }
            }
            out.add(in.get(i));
        }
        return out;
    }

    private static boolean isLiteralStart(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (t.isLiteral() || t.is("null") || t.is("true") || t.is("false")) {
            return true;
        }
        if ((t.is("date") || t.is("time") || t.is("timestamp")) && i + 1 < tokens.size()
                && tokens.get(i + 1).type() == Token.Type.STRING) {
            return true;
        }
        if ((t.is("-") || t.is("+")) && i + 1 < tokens.size() && tokens.get(i + 1).type() == Token.Type.NUMBER) {
            if (i == 0) {
                return true;
            }
            Token prev = tokens.get(i - 1);
            return prev.type() == Token.Type.OP && !prev.is(")")
                    || prev.type() == Token.Type.WORD && SIGN_CONTEXT.contains(prev.value().toLowerCase(Locale.ROOT));
        }
        return false;
    }

    /** The index of the last token of the literal starting at i (sign, temporal keyword, COLLATE included). */
    private static int endOfLiteral(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        int end = i;
        if (t.is("-") || t.is("+") || t.is("date") || t.is("time") || t.is("timestamp")) {
            end = i + 1;
        }
        if (end + 2 < tokens.size() && tokens.get(end + 1).is("collate") && tokens.get(end).type() == Token.Type.STRING) {
            end += 2;
        }
        return end;
    }
}
