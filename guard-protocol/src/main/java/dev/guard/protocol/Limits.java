package dev.guard.protocol;

/** Bounds on what either side accepts, so that no message can exhaust memory. */
public final class Limits {
    private Limits() {}

    /** Largest request body the server reads (a statement plus its parameters). */
    public static final int MAX_MESSAGE = 16 * 1024 * 1024;
    /** Largest frame either side reads. */
    public static final int MAX_FRAME = 64 * 1024 * 1024;
    /** Most parameters of one statement (MySQL's own limit). */
    public static final int MAX_PARAMETERS = 65_535;
    /** Most columns of a result (MySQL's own limit is 4096). */
    public static final int MAX_COLUMNS = 4_096;
    /** Most statements or parameter sets in one batch. */
    public static final int MAX_BATCH = 100_000;
}
