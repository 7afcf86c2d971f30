package dev.guard.policy;

import java.util.Objects;

/** One entry of a rule's {@code patterns}: the SQL as written, its fingerprint and its line in the policy file. */
public record Pattern(String sql, String fingerprint, int line) {
    public Pattern {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
