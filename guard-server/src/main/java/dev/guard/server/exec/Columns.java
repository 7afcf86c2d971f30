package dev.guard.server.exec;

import dev.guard.protocol.ColumnInfo;
import dev.guard.protocol.WireWriter;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

/**
 * Moves values between Connector/J and the wire: reads each column of an upstream row as the
 * value kind its type calls for, and binds wire parameters to a prepared statement.
 */
final class Columns {

    private Columns() {}

    /** How a column's values are read. */
    enum Kind { BOOLEAN, LONG, UNSIGNED_LONG, DECIMAL, FLOAT, DOUBLE, STRING, BYTES, DATE, TIME, DATETIME }

    static Kind kind(ResultSetMetaData md, int column) throws SQLException {
        int type = md.getColumnType(column);
        return switch (type) {
            case Types.BIT -> md.getPrecision(column) <= 1 ? Kind.BOOLEAN : Kind.BYTES;
            case Types.BOOLEAN -> Kind.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> Kind.LONG;
            case Types.BIGINT -> md.isSigned(column) ? Kind.LONG : Kind.UNSIGNED_LONG;
            case Types.DECIMAL, Types.NUMERIC -> Kind.DECIMAL;
            case Types.REAL -> Kind.FLOAT;
            case Types.FLOAT, Types.DOUBLE -> Kind.DOUBLE;
            case Types.DATE -> "YEAR".equalsIgnoreCase(md.getColumnTypeName(column)) ? Kind.LONG : Kind.DATE;
            case Types.TIME -> Kind.TIME;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Kind.DATETIME;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB, Types.OTHER -> Kind.BYTES;
            default -> Kind.STRING;
        };
    }

    /** Reads one value of the current row and writes it to the row buffer. */
    static void copy(ResultSet rs, int column, Kind kind, WireWriter out) throws SQLException {
        switch (kind) {
            case BOOLEAN -> {
                boolean b = rs.getBoolean(column);
                out.value(rs.wasNull() ? null : b);
            }
            case LONG -> {
                long v = rs.getLong(column);
                out.value(rs.wasNull() ? null : v);
            }
            case UNSIGNED_LONG -> {
                Object v = rs.getObject(column);
                out.value(v instanceof BigInteger b ? b : v == null ? null : ((Number) v).longValue());
            }
            case DECIMAL -> out.value(rs.getBigDecimal(column));
            case FLOAT -> {
                float v = rs.getFloat(column);
                out.value(rs.wasNull() ? null : v);
            }
            case DOUBLE -> {
                double v = rs.getDouble(column);
                out.value(rs.wasNull() ? null : v);
            }
            case BYTES -> out.value(rs.getBytes(column));
            case DATE -> out.value(rs.getObject(column, LocalDate.class));
            case TIME -> out.value(time(rs.getString(column)));
            case DATETIME -> out.value(rs.getObject(column, LocalDateTime.class));
            case STRING -> out.value(rs.getString(column));
        }
    }

    /** MySQL TIME as text ({@code [-]H+:MM:SS[.f]}), which may be negative or beyond a day. */
    static Duration time(String text) {
        if (text == null) {
            return null;
        }
        boolean negative = text.startsWith("-");
        String t = negative ? text.substring(1) : text;
        String[] parts = t.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a TIME: " + text);
        }
        long hours = Long.parseLong(parts[0]);
        long minutes = Long.parseLong(parts[1]);
        String[] sec = parts[2].split("\\.");
        long seconds = Long.parseLong(sec[0]);
        long nanos = 0;
        if (sec.length > 1) {
            String f = (sec[1] + "000000000").substring(0, 9);
            nanos = Long.parseLong(f);
        }
        Duration d = Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds).plusNanos(nanos);
        return negative ? d.negated() : d;
    }

    static String timeText(Duration d) {
        boolean negative = d.isNegative();
        Duration a = d.abs();
        long h = a.toHours();
        String s = String.format("%s%02d:%02d:%02d", negative ? "-" : "", h, a.toMinutesPart(), a.toSecondsPart());
        int nanos = a.toNanosPart();
        return nanos == 0 ? s : s + "." + String.format("%09d", nanos).substring(0, 6);
    }

    /** Binds wire parameters, in order, to a prepared statement. */
    static void bind(PreparedStatement ps, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object v = parameters.get(i);
            int p = i + 1;
            switch (v) {
                case null -> ps.setNull(p, Types.NULL);
                case Long l -> ps.setLong(p, l);
                case String s -> ps.setString(p, s);
                case Duration d -> ps.setString(p, timeText(d));
                case LocalTime t -> ps.setString(p, t.toString());
                // As text: Connector/J drops fractional seconds for servers that report 5.5.5 (MariaDB).
                case LocalDateTime t -> ps.setString(p, t.toLocalDate() + " " + t.toLocalTime());
                case byte[] b -> ps.setBytes(p, b);
                default -> ps.setObject(p, v);
            }
        }
    }

    /** The column as the caller sees it; a masked column is a string, except under the null method. */
    static ColumnInfo info(ResultSetMetaData md, int c, String maskRule, String maskMethod) throws SQLException {
        boolean masked = maskMethod != null && !maskMethod.equals("null");
        return new ColumnInfo(md.getColumnLabel(c), nz(md.getColumnName(c)), nz(md.getTableName(c)), nz(md.getCatalogName(c)),
                masked ? Types.VARCHAR : md.getColumnType(c), masked ? "VARCHAR" : md.getColumnTypeName(c),
                masked ? Math.max(md.getPrecision(c), 32) : md.getPrecision(c), masked ? 0 : scale(md, c),
                masked ? Math.max(md.getColumnDisplaySize(c), 32) : md.getColumnDisplaySize(c), md.isNullable(c),
                !masked && md.isSigned(c), !masked && md.isAutoIncrement(c), maskRule, maskMethod);
    }

    /**
     * The scale; for time types the digits of fractional seconds, which Connector/J reports as 0
     * for servers that say 5.5.5 (MariaDB), so it is derived from the display precision.
     */
    private static int scale(ResultSetMetaData md, int c) throws SQLException {
        int scale = md.getScale(c);
        int precision = md.getPrecision(c);
        return switch (md.getColumnType(c)) {
            case Types.TIMESTAMP -> scale == 0 && precision > 20 ? precision - 20 : scale;
            case Types.TIME -> scale == 0 && precision > 9 ? precision - 9 : scale;
            default -> scale;
        };
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
