package dev.guard.policy;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Users and groups named by {@code subjects}, {@code approvers} or {@code except}. Names compare exactly.
 * Iteration follows the order of the policy file.
 */
public record Subjects(Set<String> users, Set<String> groups) {
    /** Names nobody (an absent {@code except}). */
    public static final Subjects NONE = new Subjects(Set.of(), Set.of());

    public Subjects {
        users = ordered(users);
        groups = ordered(groups);
    }

    /** True when the caller is one of the users or in one of the groups. */
    public boolean matches(Caller c) {
        if (users.contains(c.user())) return true;
        for (String g : c.groups()) {
            if (groups.contains(g)) return true;
        }
        return false;
    }

    /** True when no user and no group is named. */
    public boolean isEmpty() {
        return users.isEmpty() && groups.isEmpty();
    }

    static <T> Set<T> ordered(Collection<T> items) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(items));
    }
}
