package dev.guard.policy;

import java.util.Locale;

/**
 * How a masked column may be used outside the select list (masking key {@code predicates}):
 * {@code equality} (the default) as a bare operand of equality tests and in grouping, {@code deny}
 * nowhere, {@code allow} anywhere.
 */
public enum PredicateUse {
    EQUALITY, DENY, ALLOW;

    /** The name as written in a policy file. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
