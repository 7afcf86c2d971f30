package dev.guard.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;

/**
 * The bearer token sent with every request: a fixed string, or a file re-read whenever its
 * modification time changes (Kubernetes rotates projected service-account tokens in place).
 * {@link #toString()} never shows the token.
 */
final class TokenSource {

    private static final int MAX_TOKEN_BYTES = 64 * 1024;

    private final String literal;
    private final Path file;
    private FileTime readAt;
    private String cached;

    private TokenSource(String literal, Path file) {
        this.literal = literal;
        this.file = file;
    }

    static TokenSource literal(String token) {
        return new TokenSource(token, null);
    }

    static TokenSource file(Path file) {
        return new TokenSource(null, file);
    }

    /** The current token; for a file, its contents as of its latest modification, whitespace stripped. */
    synchronized String current() throws SQLException {
        if (literal != null) {
            return checked(literal, "the token");
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (cached == null || !modified.equals(readAt)) {
                String token;
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] b = in.readNBytes(MAX_TOKEN_BYTES + 1);
                    if (b.length > MAX_TOKEN_BYTES) {
                        throw new SQLInvalidAuthorizationSpecException("the token file " + file + " is larger than "
                                + MAX_TOKEN_BYTES + " bytes", "28000");
                    }
                    token = new String(b, StandardCharsets.UTF_8).strip();
                }
                if (token.isEmpty()) {
                    throw new SQLInvalidAuthorizationSpecException("the token file " + file + " is empty", "28000");
                }
                cached = checked(token, "the token in " + file);
                readAt = modified;
            }
            return cached;
        } catch (IOException e) {
            throw new SQLInvalidAuthorizationSpecException("cannot read the token file " + file + " ("
                    + e.getClass().getSimpleName() + ")", "28000");
        }
    }

    /**
     * A bearer token is visible ASCII. Checked here because the JDK's HTTP client would otherwise
     * reject the header with a message that quotes the token.
     */
    private static String checked(String token, String what) throws SQLException {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new SQLInvalidAuthorizationSpecException(what + " holds a character a bearer token cannot"
                        + " (a space, control or non-ASCII character at position " + (i + 1) + ")", "28000");
            }
        }
        return token;
    }

    @Override
    public String toString() {
        return file != null ? "file " + file : "***";
    }
}
