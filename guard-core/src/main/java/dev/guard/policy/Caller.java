package dev.guard.policy;

import java.util.Objects;
import java.util.Set;

/**
 * Who runs a statement: a user name and the groups the identity provider gave it.
 * Names compare exactly.
 */
public record Caller(String user, Set<String> groups) {
    public Caller {
        Objects.requireNonNull(user, "user");
        groups = Set.copyOf(groups);
    }
}
