package dev.guard.sql;

import java.util.List;

/** A cursor over a statement's tokens for the token-level classifier. */
final class Tokens {
    final List<Token> list;
    int pos;

    Tokens(List<Token> list) {
        this.list = list;
    }

    boolean atEnd() {
        return pos >= list.size();
    }

    Token peek() {
        return peek(0);
    }

    Token peek(int ahead) {
        int i = pos + ahead;
        return i < list.size() ? list.get(i) : null;
    }

    boolean is(String word) {
        return is(0, word);
    }

    boolean is(int ahead, String word) {
        Token t = peek(ahead);
        return t != null && t.is(word);
    }

    /** Consumes the next token when it is {@code word}. */
    boolean accept(String word) {
        if (is(word)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Consumes the words in sequence when they all follow; otherwise consumes nothing. */
    boolean acceptAll(String... words) {
        for (int i = 0; i < words.length; i++) {
            if (!is(i, words[i])) {
                return false;
            }
        }
        pos += words.length;
        return true;
    }

    Token next() {
        return list.get(pos++);
    }

    List<Token> rest() {
        return list.subList(pos, list.size());
    }

    /** Splits at commas outside parentheses: SET assignments, ALTER TABLE specifications. */
    static List<List<Token>> splitTopLevel(List<Token> tokens) {
        List<List<Token>> out = new java.util.ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (t.is(",") && depth == 0) {
                out.add(tokens.subList(from, i));
                from = i + 1;
            }
        }
        out.add(tokens.subList(from, tokens.size()));
        return out;
    }
}
