package dev.guard.server.config;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A configuration value that must never be shown: the upstream password, the keystore password, the masking
 * hash key. {@link #toString()} is {@code ****}; {@code equals} and {@code hashCode} are those of the object
 * (two secrets with the same value are not equal), so a secret cannot be compared, printed or logged by
 * accident through a record that holds it. The value is read only through the {@code reveal} methods, at the
 * one place that hands it to the database driver, the key store or the MAC.
 */
public final class Secret {
    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = Objects.requireNonNull(value, "value");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** A secret given directly in the configuration file. */
    public static Secret inline(String value) {
        return new Secret(value, "inline");
    }

    /** A secret read from the environment variable {@code name}. */
    static Secret fromEnvironment(String name, String value) {
        return new Secret(value, "env:" + name);
    }

    /** A secret read from {@code file}. */
    static Secret fromFile(String file, String value) {
        return new Secret(value, "file:" + file);
    }

    /** The value. Hand it on only to what needs it; never log it, never put it in a message. */
    public String reveal() {
        return value;
    }

    /** A fresh copy of the value as characters (for key store APIs); the caller may clear it after use. */
    public char[] revealChars() {
        return value.toCharArray();
    }

    /** A fresh copy of the value's UTF-8 bytes (the masking hash key is these bytes). */
    public byte[] revealUtf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the value is the empty string. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /**
     * Where the value came from, never the value itself: {@code inline}, {@code env:NAME} or
     * {@code file:PATH} (the path as resolved). Safe to log.
     */
    public String origin() {
        return origin;
    }

    /** Always {@code ****}. */
    @Override
    public String toString() {
        return "****";
    }
}
