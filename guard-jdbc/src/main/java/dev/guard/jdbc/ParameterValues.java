package dev.guard.jdbc;

import dev.guard.protocol.ColumnInfo;
import dev.guard.protocol.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.JDBCType;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.UUID;

/**
 * Turns what callers bind to a PreparedStatement into wire values (Long, Double, Float,
 * BigDecimal, BigInteger, String, byte[], Boolean, LocalDate, LocalTime, Duration,
 * LocalDateTime). Times without a zone are taken in the JVM's default zone, or the Calendar's.
 */
final class ParameterValues {

    private ParameterValues() {}

    /** Stands in for a column in conversion messages, which are rewritten for parameters. */
    private static final ColumnInfo PARAMETER = new ColumnInfo("parameter", "parameter", "", "", Types.OTHER, "", 0, 0,
            0, 1, true, false, null, null);

    /** setObject(index, x). */
    static Object of(int index, Object x) throws SQLException {
        if (x == null || x instanceof String || x instanceof Long || x instanceof Integer || x instanceof Short
                || x instanceof Byte || x instanceof BigDecimal || x instanceof Double || x instanceof Float
                || x instanceof Boolean || x instanceof BigInteger || x instanceof LocalDate || x instanceof LocalTime
                || x instanceof LocalDateTime || x instanceof Duration) {
            return x;
        } else if (x instanceof byte[] b) {
            return b.clone();
        } else if (x instanceof java.sql.Date d) {
            return d.toLocalDate();
        } else if (x instanceof Time t) {
            return time(t, null);
        } else if (x instanceof Timestamp t) {
            return t.toLocalDateTime();
        } else if (x instanceof java.util.Date d) {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(d.getTime()), ZoneId.systemDefault());
        } else if (x instanceof Calendar cal) {
            return LocalDateTime.ofInstant(cal.toInstant(), ZoneId.systemDefault());
        } else if (x instanceof Instant i) {
            return LocalDateTime.ofInstant(i, ZoneId.systemDefault());
        } else if (x instanceof OffsetDateTime t) {
            return t.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        } else if (x instanceof ZonedDateTime t) {
            return t.withZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        } else if (x instanceof OffsetTime t) {
            return t.withOffsetSameInstant(ZoneId.systemDefault().getRules().getOffset(Instant.now())).toLocalTime();
        } else if (x instanceof Year y) {
            return (long) y.getValue();
        } else if (x instanceof UUID || x instanceof Character || x instanceof java.net.URL) {
            return x.toString();
        } else if (x instanceof Enum<?> e) {
            return e.name();
        } else if (x instanceof char[] chars) {
            return new String(chars);
        } else if (x instanceof Number n) {
            return new BigDecimal(n.toString());
        } else if (x instanceof Blob b) {
            return bytes(index, b.getBinaryStream(), -1);
        } else if (x instanceof Clob c) {
            return chars(index, c.getCharacterStream(), -1);
        } else if (x instanceof InputStream in) {
            return bytes(index, in, -1);
        } else if (x instanceof Reader r) {
            return chars(index, r, -1);
        } else if (x instanceof SQLXML xml) {
            return xml.getString();
        }
        throw new SQLDataException("parameter " + index + ": the driver cannot send a value of " + x.getClass().getName(),
                "22023");
    }

    /** setObject(index, x, targetSqlType[, scaleOrLength]); scale below 0 means none given. */
    static Object of(int index, Object x, int targetSqlType, int scale) throws SQLException {
        Object v = of(index, x);
        if (v == null) {
            return null;
        }
        try {
            switch (targetSqlType) {
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                     Types.CLOB, Types.NCLOB:
                    return v instanceof BigDecimal d ? d.toPlainString() : Conversions.text(v, PARAMETER);
                case Types.BIT, Types.BOOLEAN:
                    return Conversions.toBoolean(v, PARAMETER);
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT:
                    return v instanceof BigInteger ? v : Conversions.toLong(v, PARAMETER, Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
                case Types.DECIMAL, Types.NUMERIC:
                    BigDecimal d = Conversions.toBigDecimal(v, PARAMETER);
                    return scale >= 0 ? d.setScale(scale, RoundingMode.HALF_UP) : d;
                case Types.REAL:
                    return Conversions.toFloat(v, PARAMETER);
                case Types.FLOAT, Types.DOUBLE:
                    return Conversions.toDouble(v, PARAMETER);
                case Types.DATE:
                    return Conversions.toLocalDate(v, PARAMETER);
                case Types.TIME:
                    return v instanceof Duration ? v : Conversions.toLocalTime(v, PARAMETER);
                case Types.TIMESTAMP:
                    return Conversions.toLocalDateTime(v, PARAMETER);
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                    return Conversions.toBytes(v, PARAMETER);
                case Types.NULL:
                    return null;
                default:
                    return v;
            }
        } catch (SQLDataException e) {
            throw new SQLDataException("parameter " + index + ": a value of " + x.getClass().getName()
                    + " cannot be sent as " + typeName(targetSqlType), e.getSQLState());
        }
    }

    static LocalDate date(java.sql.Date d, Calendar cal) {
        return cal == null ? d.toLocalDate() : Instant.ofEpochMilli(d.getTime()).atZone(cal.getTimeZone().toZoneId()).toLocalDate();
    }

    /** Keeps milliseconds, which Time.toLocalTime drops. */
    static LocalTime time(Time t, Calendar cal) {
        ZoneId zone = cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
        return Instant.ofEpochMilli(t.getTime()).atZone(zone).toLocalTime();
    }

    static LocalDateTime timestamp(Timestamp t, Calendar cal) {
        return cal == null ? t.toLocalDateTime() : LocalDateTime.ofInstant(t.toInstant(), cal.getTimeZone().toZoneId());
    }

    /** Reads a stream parameter fully (at most {@code length} bytes when given), bounded by the 16 MiB message limit. */
    static byte[] bytes(int index, InputStream in, long length) throws SQLException {
        if (in == null) {
            return null;
        }
        checkLength(index, length);
        try {
            byte[] b = in.readNBytes(length < 0 ? Limits.MAX_MESSAGE + 1 : (int) length);
            if (b.length > Limits.MAX_MESSAGE) {
                throw tooLarge(index);
            }
            return b;
        } catch (IOException e) {
            throw new SQLException("parameter " + index + ": reading its stream failed: " + e.getMessage(), "HY000", e);
        }
    }

    /** Reads a character stream parameter fully (at most {@code length} characters when given), bounded likewise. */
    static String chars(int index, Reader in, long length) throws SQLException {
        if (in == null) {
            return null;
        }
        checkLength(index, length);
        long max = length < 0 ? Limits.MAX_MESSAGE + 1L : length;
        StringBuilder b = new StringBuilder((int) Math.min(max, 8192));
        char[] buf = new char[8192];
        try {
            while (b.length() < max) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, max - b.length()));
                if (n < 0) {
                    break;
                }
                b.append(buf, 0, n);
            }
        } catch (IOException e) {
            throw new SQLException("parameter " + index + ": reading its stream failed: " + e.getMessage(), "HY000", e);
        }
        if (b.length() > Limits.MAX_MESSAGE) {
            throw tooLarge(index);
        }
        return b.toString();
    }

    private static void checkLength(int index, long length) throws SQLException {
        if (length > Limits.MAX_MESSAGE) {
            throw tooLarge(index);
        }
    }

    private static SQLException tooLarge(int index) {
        return new SQLException("parameter " + index + " is larger than Guard's request limit of "
                + Limits.MAX_MESSAGE / (1024 * 1024) + " MiB", "54000");
    }

    static String typeName(int sqlType) {
        try {
            return JDBCType.valueOf(sqlType).getName();
        } catch (IllegalArgumentException e) {
            return "SQL type " + sqlType;
        }
    }
}
