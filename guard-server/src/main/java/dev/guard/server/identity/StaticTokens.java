package dev.guard.server.identity;

import dev.guard.policy.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Development and test credentials: the configuration holds each token's SHA-256, never the
 * token, and a presented token is hashed and compared in constant time.
 */
public final class StaticTokens implements Authenticator {

    /** One configured token: its SHA-256 and the identity it proves. */
    public record Entry(byte[] sha256, String user, Set<String> groups) {}

    /** Longest token considered; longer ones prove no one. */
    static final int MAX_TOKEN = 8192;

    private final List<Entry> entries;

    public StaticTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    @Override
    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        byte[] hash = sha256(token);
        Caller found = null;
        for (Entry e : entries) {
            // Compare against every entry so the time taken says nothing about which matched.
            if (MessageDigest.isEqual(hash, e.sha256()) && found == null) {
                found = new Caller(e.user(), e.groups());
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
