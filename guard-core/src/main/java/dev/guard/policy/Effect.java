package dev.guard.policy;

import java.util.Locale;

/** What a matching rule decides (policy key {@code effect}). */
public enum Effect {
    ALLOW, DENY, REQUIRE_APPROVAL;

    /** The name as written in a policy file. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
