package dev.guard.jdbc;

import dev.guard.protocol.ColumnInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads wire values (Long, Double, Float, BigDecimal, BigInteger, String, byte[], Boolean,
 * LocalDate, Duration for TIME, LocalDateTime) as the Java types JDBC getters promise, as
 * Connector/J does: text in MySQL's own forms, range checks for narrow integers (22003),
 * unconvertible values as SQLDataException (22018), bad dates and times 22007. Null values
 * never reach this class.
 */
final class Conversions {

    private Conversions() {}

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final Pattern MYSQL_TIME = Pattern.compile("(-)?(\\d+):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?");

    // ---- text

    /** The value as MySQL's text protocol shows it. */
    static String text(Object v, ColumnInfo c) {
        if (v instanceof String s) {
            return s;
        } else if (v instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (v instanceof Double d) {
            return floatingText(d, Double.toString(d));
        } else if (v instanceof Float f) {
            return floatingText(f, Float.toString(f));
        } else if (v instanceof Boolean b) {
            return b ? "1" : "0";
        } else if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        } else if (v instanceof LocalDate d) {
            return d.toString();
        } else if (v instanceof LocalDateTime t) {
            StringBuilder b = new StringBuilder(26).append(t.toLocalDate()).append(' ');
            two(b, t.getHour()).append(':');
            two(b, t.getMinute()).append(':');
            two(b, t.getSecond());
            return fraction(b, t.getNano(), c).toString();
        } else if (v instanceof Duration d) {
            return timeText(d, c);
        } else if (v instanceof LocalTime t) {
            return timeText(Duration.ofNanos(t.toNanoOfDay()), c);
        }
        return String.valueOf(v);
    }

    /** Shortest round-trip digits, plain between 1e-5 and 1e15, else MySQL's exponent form (1e20, 1.5e-7). */
    private static String floatingText(double d, String javaText) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return javaText;
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal digits = new BigDecimal(javaText).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-5 && abs < 1e15) {
            return digits.toPlainString();
        }
        int exponent = digits.precision() - digits.scale() - 1;
        return digits.movePointLeft(exponent).toPlainString() + "e" + exponent;
    }

    /** MySQL TIME text: [-]HH:mm:ss[.f], hours beyond 24 allowed. */
    private static String timeText(Duration d, ColumnInfo c) {
        long nanos = d.toNanos();
        StringBuilder b = new StringBuilder(18);
        if (nanos < 0) {
            b.append('-');
            nanos = -nanos;
        }
        long seconds = nanos / 1_000_000_000L;
        two(b, seconds / 3600).append(':');
        two(b, seconds / 60 % 60).append(':');
        two(b, seconds % 60);
        return fraction(b, (int) (nanos % 1_000_000_000L), c).toString();
    }

    private static StringBuilder two(StringBuilder b, long v) {
        if (v < 10) {
            b.append('0');
        }
        return b.append(v);
    }

    /** As many fractional digits as the column declares (its scale), else as the value needs (6 or 9). */
    private static StringBuilder fraction(StringBuilder b, int nanos, ColumnInfo c) {
        int digits = c.scale() > 0 && c.scale() <= 9 ? c.scale() : nanos == 0 ? 0 : nanos % 1000 == 0 ? 6 : 9;
        if (digits > 0) {
            String nine = Integer.toString(1_000_000_000 + nanos).substring(1);
            b.append('.').append(nine, 0, digits);
        }
        return b;
    }

    // ---- numbers

    static boolean toBoolean(Object v, ColumnInfo c) throws SQLException {
        if (v instanceof Boolean b) {
            return b;
        } else if (v instanceof Long l) {
            return l != 0;
        } else if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue() != 0;
        } else if (v instanceof BigDecimal d) {
            return d.signum() != 0;
        } else if (v instanceof BigInteger i) {
            return i.signum() != 0;
        } else if (v instanceof byte[] b && isBit(c)) {
            for (byte x : b) {
                if (x != 0) {
                    return true;
                }
            }
            return false;
        } else if (v instanceof String || v instanceof byte[]) {
            String s = text(v, c).strip();
            switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "t", "yes", "y":
                    return true;
                case "false", "f", "no", "n", "":
                    return false;
                default:
                    return parseDecimal(s, c, "boolean").signum() != 0;
            }
        }
        throw Errors.cannotConvert(c, "boolean");
    }

    /** An integer within [min, max]; fractions are truncated toward zero, as Connector/J does. */
    static long toLong(Object v, ColumnInfo c, long min, long max, String target) throws SQLException {
        long result;
        if (v instanceof Long l) {
            result = l;
        } else if (v instanceof Boolean b) {
            result = b ? 1 : 0;
        } else if (v instanceof byte[] b && isBit(c)) {
            if (b.length > 8 || (b.length == 8 && b[0] < 0)) {
                throw Errors.outOfRange(c, new BigInteger(1, b), target);
            }
            result = 0;
            for (byte x : b) {
                result = result << 8 | (x & 0xFF);
            }
        } else {
            BigDecimal d = toBigDecimal(v, c, target).setScale(0, RoundingMode.DOWN);
            if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw Errors.outOfRange(c, d, target);
            }
            return d.longValueExact();
        }
        if (result < min || result > max) {
            throw Errors.outOfRange(c, result, target);
        }
        return result;
    }

    static double toDouble(Object v, ColumnInfo c) throws SQLException {
        if (v instanceof Double d) {
            return d;
        } else if (v instanceof Float f) {
            return Double.parseDouble(f.toString()); // 0.1f reads as 0.1, as MySQL's text shows it
        } else if (v instanceof Long l) {
            return l;
        } else if (v instanceof Boolean b) {
            return b ? 1 : 0;
        } else if (v instanceof BigDecimal || v instanceof BigInteger) {
            return ((Number) v).doubleValue();
        } else if (v instanceof byte[] && isBit(c)) {
            return toLong(v, c, Long.MIN_VALUE, Long.MAX_VALUE, "double");
        } else if (v instanceof String || v instanceof byte[]) {
            try {
                return Double.parseDouble(text(v, c).strip());
            } catch (NumberFormatException e) {
                throw Errors.cannotConvert(c, "double");
            }
        }
        throw Errors.cannotConvert(c, "double");
    }

    static float toFloat(Object v, ColumnInfo c) throws SQLException {
        if (v instanceof Float f) {
            return f;
        }
        double d = toDouble(v, c);
        if (!Double.isInfinite(d) && !Double.isNaN(d) && Math.abs(d) > Float.MAX_VALUE) {
            throw Errors.outOfRange(c, d, "float");
        }
        return (float) d;
    }

    static BigDecimal toBigDecimal(Object v, ColumnInfo c) throws SQLException {
        return toBigDecimal(v, c, "BigDecimal");
    }

    private static BigDecimal toBigDecimal(Object v, ColumnInfo c, String target) throws SQLException {
        if (v instanceof BigDecimal d) {
            return d;
        } else if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        } else if (v instanceof BigInteger i) {
            return new BigDecimal(i);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw Errors.outOfRange(c, d, target);
            }
            return new BigDecimal(v.toString());
        } else if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        } else if (v instanceof byte[] && isBit(c)) {
            return BigDecimal.valueOf(toLong(v, c, Long.MIN_VALUE, Long.MAX_VALUE, target));
        } else if (v instanceof String || v instanceof byte[]) {
            return parseDecimal(text(v, c).strip(), c, target);
        }
        throw Errors.cannotConvert(c, target);
    }

    private static BigDecimal parseDecimal(String s, ColumnInfo c, String target) throws SQLException {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw Errors.cannotConvert(c, target);
        }
    }

    static BigInteger toBigInteger(Object v, ColumnInfo c) throws SQLException {
        if (v instanceof BigInteger i) {
            return i;
        } else if (v instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        return toBigDecimal(v, c, "BigInteger").setScale(0, RoundingMode.DOWN).toBigIntegerExact();
    }

    static byte[] toBytes(Object v, ColumnInfo c) {
        if (v instanceof byte[] b) {
            return b;
        }
        return text(v, c).getBytes(StandardCharsets.UTF_8);
    }

    // ---- dates and times

    static LocalDate toLocalDate(Object v, ColumnInfo c) throws SQLException {
        if (v instanceof LocalDate d) {
            return d;
        } else if (v instanceof LocalDateTime t) {
            return t.toLocalDate();
        } else if (v instanceof Long year && "YEAR".equalsIgnoreCase(c.typeName())) {
            if (year < 1 || year > 9999) {
                throw Errors.badTemporal(c, "YEAR " + year + " is not a date");
            }
            return LocalDate.of(year.intValue(), 1, 1);
        } else if (v instanceof String || v instanceof byte[]) {
            String s = text(v, c).strip();
            try {
                return s.length() > 10 ? parseDateTime(s).toLocalDate() : LocalDate.parse(s);
            } catch (DateTimeException e) {
                throw Errors.badTemporal(c, "the value is not a date (yyyy-MM-dd)");
            }
        }
        throw Errors.cannotConvert(c, "a date");
    }

    static LocalDateTime toLocalDateTime(Object v, ColumnInfo c) throws SQLException {
        if (v instanceof LocalDateTime t) {
            return t;
        } else if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        } else if (v instanceof Duration || v instanceof LocalTime) {
            return LocalDate.EPOCH.atTime(toLocalTime(v, c));
        } else if (v instanceof Long && "YEAR".equalsIgnoreCase(c.typeName())) {
            return toLocalDate(v, c).atStartOfDay();
        } else if (v instanceof String || v instanceof byte[]) {
            String s = text(v, c).strip();
            try {
                return s.length() == 10 ? LocalDate.parse(s).atStartOfDay() : parseDateTime(s);
            } catch (DateTimeException e) {
                throw Errors.badTemporal(c, "the value is not a date-time (yyyy-MM-dd HH:mm:ss)");
            }
        }
        throw Errors.cannotConvert(c, "a timestamp");
    }

    private static LocalDateTime parseDateTime(String s) {
        return LocalDateTime.parse(s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s);
    }

    /** A time of day; a MySQL TIME outside 00:00:00..23:59:59 is not one (22007). */
    static LocalTime toLocalTime(Object v, ColumnInfo c) throws SQLException {
        if (v instanceof LocalTime t) {
            return t;
        } else if (v instanceof LocalDateTime t) {
            return t.toLocalTime();
        } else if (v instanceof LocalDate) {
            return LocalTime.MIDNIGHT;
        }
        Duration d = toDuration(v, c);
        long nanos = d.toNanos();
        if (nanos < 0 || nanos >= NANOS_PER_DAY) {
            throw Errors.badTemporal(c, "TIME value " + timeText(d, c) + " is not a time of day;"
                    + " read it with getString or getObject(column, Duration.class)");
        }
        return LocalTime.ofNanoOfDay(nanos);
    }

    static Duration toDuration(Object v, ColumnInfo c) throws SQLException {
        if (v instanceof Duration d) {
            return d;
        } else if (v instanceof LocalTime t) {
            return Duration.ofNanos(t.toNanoOfDay());
        } else if (v instanceof LocalDateTime t) {
            return Duration.ofNanos(t.toLocalTime().toNanoOfDay());
        } else if (v instanceof String || v instanceof byte[]) {
            Matcher m = MYSQL_TIME.matcher(text(v, c).strip());
            if (!m.matches()) {
                throw Errors.badTemporal(c, "the value is not a time (HH:mm:ss)");
            }
            long seconds = Long.parseLong(m.group(2)) * 3600 + Long.parseLong(m.group(3)) * 60
                    + (m.group(4) == null ? 0 : Long.parseLong(m.group(4)));
            long nanos = m.group(5) == null ? 0 : Long.parseLong((m.group(5) + "00000000").substring(0, 9));
            Duration d = Duration.ofSeconds(seconds, nanos);
            return m.group(1) != null ? d.negated() : d;
        }
        throw Errors.cannotConvert(c, "a time");
    }

    static Date sqlDate(LocalDate d, Calendar cal) {
        if (cal == null) {
            return Date.valueOf(d);
        }
        return new Date(d.atStartOfDay(cal.getTimeZone().toZoneId()).toInstant().toEpochMilli());
    }

    /** A java.sql.Time on 1970-01-01, keeping milliseconds (Time.valueOf drops them). */
    static Time sqlTime(LocalTime t, Calendar cal) {
        ZoneId zone = cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
        return new Time(LocalDate.EPOCH.atTime(t).atZone(zone).toInstant().toEpochMilli());
    }

    static Timestamp sqlTimestamp(LocalDateTime t, Calendar cal) {
        if (cal == null) {
            return Timestamp.valueOf(t);
        }
        return Timestamp.from(t.atZone(cal.getTimeZone().toZoneId()).toInstant());
    }

    // ---- getObject

    /** The type getObject(int) returns for a column, as Connector/J. */
    static Object natural(Object v, ColumnInfo c) throws SQLException {
        switch (c.jdbcType()) {
            case Types.BIT:
                if (c.precision() <= 1 || v instanceof Boolean) {
                    return toBoolean(v, c);
                }
                return v instanceof byte[] ? v : bitBytes(toLong(v, c, Long.MIN_VALUE, Long.MAX_VALUE, "BIT"), c.precision());
            case Types.BOOLEAN:
                return toBoolean(v, c);
            case Types.TINYINT:
            case Types.SMALLINT:
                return (int) toLong(v, c, Integer.MIN_VALUE, Integer.MAX_VALUE, "Integer");
            case Types.INTEGER:
                return c.signed() ? (Object) (int) toLong(v, c, Integer.MIN_VALUE, Integer.MAX_VALUE, "Integer")
                        : (Object) toLong(v, c, Long.MIN_VALUE, Long.MAX_VALUE, "Long");
            case Types.BIGINT:
                return c.signed() ? (Object) toLong(v, c, Long.MIN_VALUE, Long.MAX_VALUE, "Long") : toBigInteger(v, c);
            case Types.DECIMAL:
            case Types.NUMERIC:
                return toBigDecimal(v, c);
            case Types.REAL:
                return toFloat(v, c);
            case Types.FLOAT:
            case Types.DOUBLE:
                return toDouble(v, c);
            case Types.DATE:
                return Date.valueOf(toLocalDate(v, c));
            case Types.TIME:
                return sqlTime(toLocalTime(v, c), null);
            case Types.TIMESTAMP:
                return isDatetime(c) ? toLocalDateTime(v, c) : Timestamp.valueOf(toLocalDateTime(v, c));
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
                return text(v, c);
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB:
                return toBytes(v, c);
            default:
                if (v instanceof LocalDate d) {
                    return Date.valueOf(d);
                } else if (v instanceof Duration) {
                    return sqlTime(toLocalTime(v, c), null);
                } else if (v instanceof LocalDateTime t) {
                    return isDatetime(c) ? t : Timestamp.valueOf(t);
                }
                return v;
        }
    }

    /** The class name getColumnClassName reports, matching {@link #natural}. */
    static String className(ColumnInfo c) {
        return switch (c.jdbcType()) {
            case Types.BIT -> c.precision() <= 1 ? "java.lang.Boolean" : "[B";
            case Types.BOOLEAN -> "java.lang.Boolean";
            case Types.TINYINT, Types.SMALLINT -> "java.lang.Integer";
            case Types.INTEGER -> c.signed() ? "java.lang.Integer" : "java.lang.Long";
            case Types.BIGINT -> c.signed() ? "java.lang.Long" : "java.math.BigInteger";
            case Types.DECIMAL, Types.NUMERIC -> "java.math.BigDecimal";
            case Types.REAL -> "java.lang.Float";
            case Types.FLOAT, Types.DOUBLE -> "java.lang.Double";
            case Types.DATE -> "java.sql.Date";
            case Types.TIME -> "java.sql.Time";
            case Types.TIMESTAMP -> isDatetime(c) ? "java.time.LocalDateTime" : "java.sql.Timestamp";
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> "java.lang.String";
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> "[B";
            default -> "java.lang.Object";
        };
    }

    /** getObject(int, Class). */
    static Object as(Object v, ColumnInfo c, Class<?> type) throws SQLException {
        if (type == String.class) {
            return text(v, c);
        } else if (type == Object.class) {
            return natural(v, c);
        } else if (type == Integer.class || type == int.class) {
            return (int) toLong(v, c, Integer.MIN_VALUE, Integer.MAX_VALUE, "Integer");
        } else if (type == Long.class || type == long.class) {
            return toLong(v, c, Long.MIN_VALUE, Long.MAX_VALUE, "Long");
        } else if (type == Short.class || type == short.class) {
            return (short) toLong(v, c, Short.MIN_VALUE, Short.MAX_VALUE, "Short");
        } else if (type == Byte.class || type == byte.class) {
            return (byte) toLong(v, c, Byte.MIN_VALUE, Byte.MAX_VALUE, "Byte");
        } else if (type == Double.class || type == double.class) {
            return toDouble(v, c);
        } else if (type == Float.class || type == float.class) {
            return toFloat(v, c);
        } else if (type == Boolean.class || type == boolean.class) {
            return toBoolean(v, c);
        } else if (type == BigDecimal.class) {
            return toBigDecimal(v, c);
        } else if (type == BigInteger.class) {
            return toBigInteger(v, c);
        } else if (type == byte[].class) {
            return toBytes(v, c);
        } else if (type == LocalDate.class) {
            return toLocalDate(v, c);
        } else if (type == LocalTime.class) {
            return toLocalTime(v, c);
        } else if (type == LocalDateTime.class) {
            return toLocalDateTime(v, c);
        } else if (type == Duration.class) {
            return toDuration(v, c);
        } else if (type == OffsetDateTime.class) {
            return toLocalDateTime(v, c).atZone(ZoneId.systemDefault()).toOffsetDateTime();
        } else if (type == ZonedDateTime.class) {
            return toLocalDateTime(v, c).atZone(ZoneId.systemDefault());
        } else if (type == Instant.class) {
            return toLocalDateTime(v, c).atZone(ZoneId.systemDefault()).toInstant();
        } else if (type == OffsetTime.class) {
            LocalTime t = toLocalTime(v, c);
            return t.atOffset(ZoneId.systemDefault().getRules().getOffset(Instant.now()));
        } else if (type == Date.class) {
            return Date.valueOf(toLocalDate(v, c));
        } else if (type == Time.class) {
            return sqlTime(toLocalTime(v, c), null);
        } else if (type == Timestamp.class || type == java.util.Date.class) {
            return Timestamp.valueOf(toLocalDateTime(v, c));
        } else if (type == UUID.class) {
            return uuid(v, c);
        } else if (type == Blob.class) {
            return new MemoryBlob(toBytes(v, c));
        } else if (type == Clob.class || type == java.sql.NClob.class) {
            return new MemoryClob(text(v, c));
        }
        Object natural = natural(v, c);
        if (type.isInstance(natural)) {
            return natural;
        }
        throw Errors.cannotConvert(c, type.getName());
    }

    private static UUID uuid(Object v, ColumnInfo c) throws SQLException {
        if (v instanceof byte[] b && b.length == 16) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            return new UUID(buf.getLong(), buf.getLong());
        }
        try {
            return UUID.fromString(text(v, c).strip());
        } catch (IllegalArgumentException e) {
            throw Errors.cannotConvert(c, "UUID");
        }
    }

    static boolean isBit(ColumnInfo c) {
        return c.jdbcType() == Types.BIT || "BIT".equalsIgnoreCase(c.typeName());
    }

    /** DATETIME reads as LocalDateTime, TIMESTAMP as java.sql.Timestamp (Connector/J 8.0.23+). */
    private static boolean isDatetime(ColumnInfo c) {
        return c.typeName() != null && c.typeName().regionMatches(true, 0, "DATETIME", 0, 8);
    }

    private static byte[] bitBytes(long v, int bits) {
        int n = Math.max(1, Math.min(8, (bits + 7) / 8));
        byte[] b = new byte[n];
        for (int i = n - 1; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }
}
