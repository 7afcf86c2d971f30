package dev.guard.sql;

import java.util.List;

/**
 * A request read into tokens, as MySQL reads it.
 *
 * @param tokens     every token, executable-comment contents included, ordinary comments and
 *                   whitespace dropped; separators are {@link Token.Type#SEMICOLON} tokens
 * @param hints      the contents of each optimizer hint comment {@code /*+ ... *}{@code /}
 * @param error      why the request cannot be read (unterminated string, ...), or null
 */
public record Lexed(List<Token> tokens, List<String> hints, String error) {

    public Lexed {
        tokens = List.copyOf(tokens);
        hints = List.copyOf(hints);
    }

    static Lexed failed(String error) {
        return new Lexed(List.of(), List.of(), error);
    }

    public boolean ok() {
        return error == null;
    }

    /**
     * The statements of the request: the tokens between separators. A single trailing separator
     * (and whatever comments follow it) does not start another statement; any other separator
     * does, even one with nothing before it.
     */
    public List<List<Token>> statements() {
        List<List<Token>> result = new java.util.ArrayList<>();
        int from = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).type() == Token.Type.SEMICOLON) {
                result.add(tokens.subList(from, i));
                from = i + 1;
            }
        }
        if (from < tokens.size() || result.isEmpty()) {
            result.add(tokens.subList(from, tokens.size()));
        }
        return result;
    }
}
