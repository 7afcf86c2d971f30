package dev.guard.protocol;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Typed values on the wire: a one-byte tag, then the value once. Used for statement
 * parameters and result rows alike.
 */
public final class Values {

    private Values() {}

    public static final int NULL = 0;
    public static final int LONG = 1;
    public static final int DOUBLE = 2;
    public static final int DECIMAL = 3;
    public static final int STRING = 4;
    public static final int BYTES = 5;
    /** Days since 1970-01-01. */
    public static final int DATE = 6;
    /** A MySQL TIME: signed nanoseconds, may exceed a day. */
    public static final int TIME = 7;
    /** A DATETIME or TIMESTAMP without zone: seconds since the epoch (as UTC) and nanoseconds. */
    public static final int DATETIME = 8;
    public static final int BOOLEAN = 9;
    public static final int FLOAT = 10;
    /** An integer beyond the range of long (BIGINT UNSIGNED), as decimal text. */
    public static final int BIG_INTEGER = 11;

    public static void write(WireWriter w, Object v) {
        if (v == null) {
            w.u8(NULL);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            w.u8(LONG).zigzag(((Number) v).longValue());
        } else if (v instanceof String s) {
            w.u8(STRING).string(s);
        } else if (v instanceof BigDecimal d) {
            w.u8(DECIMAL).string(d.toString());
        } else if (v instanceof Double d) {
            w.u8(DOUBLE).fixed64(Double.doubleToRawLongBits(d));
        } else if (v instanceof Float f) {
            w.u8(FLOAT).fixed32(Float.floatToRawIntBits(f));
        } else if (v instanceof byte[] b) {
            w.u8(BYTES).bytes(b);
        } else if (v instanceof Boolean b) {
            w.u8(BOOLEAN).bool(b);
        } else if (v instanceof LocalDate d) {
            w.u8(DATE).zigzag(d.toEpochDay());
        } else if (v instanceof LocalTime t) {
            w.u8(TIME).zigzag(t.toNanoOfDay());
        } else if (v instanceof Duration d) {
            w.u8(TIME).zigzag(d.toNanos());
        } else if (v instanceof LocalDateTime t) {
            w.u8(DATETIME).zigzag(t.toEpochSecond(ZoneOffset.UTC)).varInt(t.getNano());
        } else if (v instanceof BigInteger i) {
            if (i.bitLength() < 64) {
                w.u8(LONG).zigzag(i.longValue());
            } else {
                w.u8(BIG_INTEGER).string(i.toString());
            }
        } else {
            throw new IllegalArgumentException("no wire form for values of " + v.getClass().getName());
        }
    }

    public static Object read(WireReader r) throws IOException {
        try {
            return readTagged(r);
        } catch (NumberFormatException | java.time.DateTimeException | ArithmeticException e) {
            throw new ProtocolException("a value is malformed");
        }
    }

    private static Object readTagged(WireReader r) throws IOException {
        int tag = r.u8();
        return switch (tag) {
            case NULL -> null;
            case LONG -> r.zigzag();
            case DOUBLE -> Double.longBitsToDouble(r.fixed64());
            case FLOAT -> Float.intBitsToFloat(r.fixed32());
            case DECIMAL -> new BigDecimal(r.string());
            case STRING -> r.string();
            case BYTES -> r.bytes();
            case BOOLEAN -> r.bool();
            case DATE -> LocalDate.ofEpochDay(r.zigzag());
            case TIME -> Duration.ofNanos(r.zigzag());
            case DATETIME -> {
                long seconds = r.zigzag();
                int nanos = r.varInt();
                if (nanos > 999_999_999) {
                    throw new ProtocolException("a datetime's nanoseconds are out of range");
                }
                yield LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
            }
            case BIG_INTEGER -> new BigInteger(r.string());
            default -> throw new ProtocolException("unknown value tag " + tag);
        };
    }
}
