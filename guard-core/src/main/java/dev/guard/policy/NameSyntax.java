package dev.guard.policy;

/** Spelling rules for names written in a policy file. */
final class NameSyntax {
    private NameSyntax() {}

    /** Non-empty, no dot, no whitespace or control character; {@code *} only as the whole name, when {@code star}. */
    static boolean plain(String s, boolean star) {
        if (s.isEmpty()) return false;
        if (s.equals(TablePattern.ANY)) return star;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' || c == '*' || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** Lower-cases ASCII letters only, as MySQL compares column names. */
    static String lowerAscii(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (b == null) b = new StringBuilder(s);
                b.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return b == null ? s : b.toString();
    }

    /** Upper-cases ASCII letters only (so that no other letter can turn into a keyword's). */
    static String upperAscii(String s) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c >= 'a' && c <= 'z') b.setCharAt(i, (char) (c - ('a' - 'A')));
        }
        return b.toString();
    }
}
