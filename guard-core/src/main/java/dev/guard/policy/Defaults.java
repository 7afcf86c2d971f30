package dev.guard.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The policy's {@code defaults}: result rows a statement may return and how long it may run.
 * When {@code defaults} or one of its keys is absent, {@link #STANDARD}'s value applies:
 * 10000 rows and 30 seconds.
 */
public record Defaults(long maxRows, Duration statementTimeout) {
    public static final long DEFAULT_MAX_ROWS = 10_000;
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Defaults STANDARD = new Defaults(DEFAULT_MAX_ROWS, DEFAULT_STATEMENT_TIMEOUT);

    public Defaults {
        if (maxRows <= 0) throw new IllegalArgumentException("maxRows must be positive");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statementTimeout must be positive");
        }
    }
}
