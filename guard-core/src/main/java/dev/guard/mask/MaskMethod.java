package dev.guard.mask;

/** How a masked value is shown to a caller (policy key {@code method}). */
public enum MaskMethod {
    /** The value becomes {@code [redacted]}. */
    REDACT,
    /** {@code keep_first} and {@code keep_last} characters kept, the others {@code *}. */
    PARTIAL,
    /** The local part becomes {@code ****}, the domain is kept; without {@code @} the value is redacted. */
    EMAIL,
    /** Hex of HMAC-SHA256 under a configured key, first 32 digits. */
    HASH,
    /** The value becomes SQL NULL (and keeps its column type). */
    NULL;

    /** The name as written in a policy file. */
    public String policyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
