package dev.guard.mask;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Masks the values of one column under one masking rule. Immutable and thread-safe; {@link #apply} runs on every
 * value of every masked column of every streamed row, so per-call work is kept to the masking itself.
 */
public final class Masker {

    static final String REDACTED = "[redacted]";
    private static final String MASKED_LOCAL_PART = "****";
    private static final String HMAC = "HmacSHA256";
    private static final int HASH_HEX_DIGITS = 32;
    /** A detector-masked value is recognised by this many stars in a row (a 13-digit card with 4 kept has 9). */
    private static final int DETECTED_STAR_RUN = 9;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final MaskMethod method;
    private final int keepFirst;
    private final int keepLast;
    private final List<Detector> detectors;
    /** Initialised, never updated: each hash works on a clone, as a Mac is not thread-safe. Null unless HASH. */
    private final Mac hmacPrototype;

    private Masker(MaskMethod method, int keepFirst, int keepLast, List<Detector> detectors, Mac hmacPrototype) {
        this.method = method;
        this.keepFirst = keepFirst;
        this.keepLast = keepLast;
        this.detectors = detectors;
        this.hmacPrototype = hmacPrototype;
    }

    /**
     * A masker for one rule. {@code keepFirst} and {@code keepLast} matter for PARTIAL only; an empty or null
     * {@code detect} masks whole values; {@code hashKey} is needed (non-empty) for HASH only and is copied.
     */
    public static Masker of(MaskMethod method, int keepFirst, int keepLast, List<Detector> detect, byte[] hashKey) {
        Objects.requireNonNull(method, "method");
        if (keepFirst < 0 || keepLast < 0) {
            throw new IllegalArgumentException("keep_first and keep_last must not be negative");
        }
        List<Detector> detectors = detect == null ? List.of() : List.copyOf(detect);
        Mac hmac = null;
        if (method == MaskMethod.HASH) {
            if (hashKey == null || hashKey.length == 0) {
                throw new IllegalArgumentException("a hash masking rule needs a key");
            }
            hmac = hmacPrototype(hashKey);
        }
        return new Masker(method, keepFirst, keepLast, detectors, hmac);
    }

    private static Mac hmacPrototype(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.clone(); // fail here, once, if the provider cannot clone, rather than on every value
            return mac;
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException(HMAC + " is not usable for hash masking", e);
        }
    }

    public MaskMethod method() {
        return method;
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /**
     * The masked form of {@code value}; null stays null. With detectors only the matches are masked, each as if it
     * were the whole value, and a value without a match is returned as is. Under NULL with detectors a value with
     * a match becomes null altogether, since a null cannot stand for part of a text.
     */
    public String apply(String value) {
        if (value == null) {
            return null;
        }
        if (detectors.isEmpty()) {
            return maskWhole(value);
        }
        List<Detectors.Span> matches = Detectors.findAll(detectors, value);
        if (matches.isEmpty()) {
            return value;
        }
        if (method == MaskMethod.NULL) {
            return null;
        }
        StringBuilder masked = new StringBuilder(value.length() + 16);
        int pos = 0;
        for (Detectors.Span match : matches) {
            masked.append(value, pos, match.start()).append(maskWhole(value.substring(match.start(), match.end())));
            pos = match.end();
        }
        return masked.append(value, pos, value.length()).toString();
    }

    private String maskWhole(String value) {
        return switch (method) {
            case REDACT -> REDACTED;
            case PARTIAL -> partial(value);
            case EMAIL -> email(value);
            case HASH -> hash(value);
            case NULL -> null;
        };
    }

    private String partial(String value) {
        int n = value.codePointCount(0, value.length());
        if (n <= (long) keepFirst + keepLast) {
            return "*".repeat(n);
        }
        int headEnd = value.offsetByCodePoints(0, keepFirst);
        int tailStart = value.offsetByCodePoints(value.length(), -keepLast);
        return value.substring(0, headEnd) + "*".repeat(n - keepFirst - keepLast) + value.substring(tailStart);
    }

    private static String email(String value) {
        int at = value.lastIndexOf('@');
        return at < 0 ? REDACTED : MASKED_LOCAL_PART + value.substring(at);
    }

    private String hash(String value) {
        Mac mac;
        try {
            mac = (Mac) hmacPrototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("checked when the masker was built", e);
        }
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        char[] hex = new char[HASH_HEX_DIGITS];
        for (int i = 0; i < HASH_HEX_DIGITS / 2; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(hex);
    }

    /**
     * Whether {@code value} looks like something this masker produces, so that masked values are not written back
     * over real data. With detectors: a run of 9+ stars, or the markers REDACT and EMAIL leave anywhere in a text.
     */
    public boolean isMaskedForm(String value) {
        if (value == null || method == MaskMethod.NULL) {
            return false;
        }
        if (!detectors.isEmpty()) {
            return hasStarRun(value) || switch (method) {
                case REDACT -> value.contains(REDACTED);
                case EMAIL -> value.contains(MASKED_LOCAL_PART + "@") || value.contains(REDACTED);
                default -> false;
            };
        }
        return switch (method) {
            case REDACT -> value.contains(REDACTED);
            case EMAIL -> value.startsWith(MASKED_LOCAL_PART + "@") || value.equals(REDACTED);
            case PARTIAL -> hidesWhatPartialHides(value);
            case HASH -> isHashForm(value);
            case NULL -> false;
        };
    }

    /** Every code point that PARTIAL would hide is a star (so at least one is). */
    private boolean hidesWhatPartialHides(String value) {
        int n = value.codePointCount(0, value.length());
        if (n == 0) {
            return false;
        }
        boolean somethingKept = n > (long) keepFirst + keepLast;
        int from = somethingKept ? keepFirst : 0;
        int to = somethingKept ? n - keepLast : n;
        // '*' is a single UTF-16 unit, so while the check holds one code point is one char
        int i = value.offsetByCodePoints(0, from);
        for (int k = from; k < to; k++, i++) {
            if (value.charAt(i) != '*') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHashForm(String value) {
        if (value.length() != HASH_HEX_DIGITS) {
            return false;
        }
        for (int i = 0; i < HASH_HEX_DIGITS; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasStarRun(String value) {
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            run = value.charAt(i) == '*' ? run + 1 : 0;
            if (run >= DETECTED_STAR_RUN) {
                return true;
            }
        }
        return false;
    }
}
