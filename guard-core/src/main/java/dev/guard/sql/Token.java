package dev.guard.sql;

/**
 * One lexical token of a MySQL statement, as MySQL reads it.
 *
 * @param type  what the token is
 * @param text  the token as written (for strings and identifiers: with quotes)
 * @param value the token's meaning: a string's decoded contents, an identifier's or variable's
 *              name without quotes, an operator's canonical spelling
 * @param start offset of the token's first character in the request
 * @param end   offset after its last character
 */
public record Token(Type type, String text, String value, int start, int end) {

    /** Token kinds. */
    public enum Type {
        /** An unquoted word: keyword or identifier (MySQL decides by position). */
        WORD,
        /** A back-quoted identifier, or a double-quoted one under ANSI_QUOTES. */
        QUOTED_IDENT,
        /** A string literal; adjacent literals are already joined, as MySQL joins them. */
        STRING,
        /** A numeric literal, including {@code 0x..} and {@code 0b..}. */
        NUMBER,
        /** {@code X'..'} or {@code B'..'}. */
        HEX_STRING,
        /** A {@code ?} placeholder. */
        PARAM,
        /** {@code @name}; value is the name. */
        USER_VAR,
        /** {@code @@name}, {@code @@session.name}; value is the text after {@code @@}. */
        SYS_VAR,
        /** An operator or punctuation; value is its canonical spelling. */
        OP,
        /** A statement separator {@code ;}. */
        SEMICOLON
    }

    /** True for a word or operator equal (ignoring ASCII case) to {@code s}. */
    public boolean is(String s) {
        return (type == Type.WORD || type == Type.OP || type == Type.SEMICOLON) && value.equalsIgnoreCase(s);
    }

    /** True for an identifier: a word or a quoted identifier. */
    public boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED_IDENT;
    }

    /** True for a literal value: string, number, hex or bit string. */
    public boolean isLiteral() {
        return type == Type.STRING || type == Type.NUMBER || type == Type.HEX_STRING;
    }
}
