package dev.guard.mask;

/** Content detectors of a masking rule (policy key {@code detect}): only the matching parts of a value are masked. */
public enum Detector {
    /** 13 to 19 digits, single spaces or dashes between, passing the Luhn check. */
    CREDIT_CARD,
    /** An e-mail address. */
    EMAIL;

    /** The name as written in a policy file. */
    public String policyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
