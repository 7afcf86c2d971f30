package dev.guard.jdbc;

import dev.guard.protocol.Request;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement: the driver holds the parameter values and sends them with the SQL text
 * in {@code Execute.parameters} (the server binds them; the policy decides on the text with its
 * placeholders). The placeholders are counted when the statement is prepared, so a missing
 * value is reported before anything is sent (07001).
 */
final class GuardPreparedStatement extends GuardStatement implements PreparedStatement {

    private final String sql;
    private final boolean generatedKeys;
    private final Object[] values;
    private final boolean[] bound;
    private final List<List<Object>> batch = new ArrayList<>();

    GuardPreparedStatement(GuardConnection connection, String sql, boolean generatedKeys) throws SQLException {
        super(connection);
        if (sql == null) {
            throw new SQLException("the SQL text is null", "HY009");
        }
        this.sql = sql;
        this.generatedKeys = generatedKeys;
        int n = connection.countPlaceholders(sql);
        this.values = new Object[n];
        this.bound = new boolean[n];
    }

    @Override
    void notPrepared() throws SQLException {
        throw new SQLException("a PreparedStatement runs the SQL it was prepared with; call the method without SQL text",
                "HY000");
    }

    private List<Object> parameters() throws SQLException {
        for (int i = 0; i < bound.length; i++) {
            if (!bound[i]) {
                throw new SQLException("No value specified for parameter " + (i + 1), "07001");
            }
        }
        return Arrays.asList(values.clone());
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkOpen();
        run(sql, parameters(), Request.Execute.QUERY, false);
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return count(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkOpen();
        run(sql, parameters(), Request.Execute.UPDATE, generatedKeys);
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        return run(sql, parameters(), Request.Execute.ANY, generatedKeys);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(parameters());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<List<Object>> sets = List.copyOf(batch);
        batch.clear();
        return runBatch(sets.size(), (from, to) -> new Request.Execute(sql, List.of(), sets.subList(from, to), List.of(),
                Request.Execute.UPDATE, generatedKeys, 0, 0, timeoutMillis()));
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return counts(executeLargeBatch());
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(values, null);
        Arrays.fill(bound, false);
    }

    /** Parameter count from the placeholders; types are not known before the server binds them. */
    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new GuardParameterMetaData(values.length);
    }

    /** The columns of the current result, or null before the statement ran (the server describes results only by running them). */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ResultSet rs = getResultSet();
        return rs == null ? null : rs.getMetaData();
    }

    private void bind(int index, Object value) throws SQLException {
        checkOpen();
        if (index < 1 || index > values.length) {
            throw new SQLException("parameter index " + index + " is out of range 1.." + values.length, "07009");
        }
        values[index - 1] = value;
        bound[index - 1] = true;
    }

    // ---- setters

    @Override public void setNull(int i, int sqlType) throws SQLException { bind(i, null); }
    @Override public void setNull(int i, int sqlType, String typeName) throws SQLException { bind(i, null); }
    @Override public void setBoolean(int i, boolean x) throws SQLException { bind(i, x); }
    @Override public void setByte(int i, byte x) throws SQLException { bind(i, (long) x); }
    @Override public void setShort(int i, short x) throws SQLException { bind(i, (long) x); }
    @Override public void setInt(int i, int x) throws SQLException { bind(i, (long) x); }
    @Override public void setLong(int i, long x) throws SQLException { bind(i, x); }
    @Override public void setFloat(int i, float x) throws SQLException { bind(i, x); }
    @Override public void setDouble(int i, double x) throws SQLException { bind(i, x); }
    @Override public void setBigDecimal(int i, BigDecimal x) throws SQLException { bind(i, x); }
    @Override public void setString(int i, String x) throws SQLException { bind(i, x); }
    @Override public void setNString(int i, String x) throws SQLException { bind(i, x); }
    @Override public void setBytes(int i, byte[] x) throws SQLException { bind(i, x == null ? null : x.clone()); }
    @Override public void setDate(int i, Date x) throws SQLException { setDate(i, x, null); }
    @Override public void setTime(int i, Time x) throws SQLException { setTime(i, x, null); }
    @Override public void setTimestamp(int i, Timestamp x) throws SQLException { setTimestamp(i, x, null); }
    @Override public void setDate(int i, Date x, Calendar cal) throws SQLException { bind(i, x == null ? null : ParameterValues.date(x, cal)); }
    @Override public void setTime(int i, Time x, Calendar cal) throws SQLException { bind(i, x == null ? null : ParameterValues.time(x, cal)); }
    @Override public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException { bind(i, x == null ? null : ParameterValues.timestamp(x, cal)); }
    @Override public void setObject(int i, Object x) throws SQLException { bind(i, ParameterValues.of(i, x)); }
    @Override public void setObject(int i, Object x, int sqlType) throws SQLException { bind(i, ParameterValues.of(i, x, sqlType, -1)); }
    @Override public void setObject(int i, Object x, int sqlType, int scaleOrLength) throws SQLException { bind(i, ParameterValues.of(i, x, sqlType, scaleOrLength)); }
    @Override public void setObject(int i, Object x, SQLType sqlType) throws SQLException { setObject(i, x, vendorType(sqlType)); }
    @Override public void setObject(int i, Object x, SQLType sqlType, int scaleOrLength) throws SQLException { setObject(i, x, vendorType(sqlType), scaleOrLength); }
    @Override public void setURL(int i, URL x) throws SQLException { bind(i, x == null ? null : x.toString()); }
    @Override public void setSQLXML(int i, SQLXML x) throws SQLException { bind(i, x == null ? null : x.getString()); }

    @Override public void setAsciiStream(int i, InputStream x, int length) throws SQLException { setAsciiStream(i, x, (long) length); }
    @Override public void setAsciiStream(int i, InputStream x) throws SQLException { setAsciiStream(i, x, -1L); }
    @Override public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
        byte[] b = ParameterValues.bytes(i, x, length);
        bind(i, b == null ? null : new String(b, StandardCharsets.US_ASCII));
    }
    @Override @Deprecated public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        byte[] b = ParameterValues.bytes(i, x, length);
        bind(i, b == null ? null : new String(b, StandardCharsets.UTF_16BE));
    }
    @Override public void setBinaryStream(int i, InputStream x, int length) throws SQLException { setBinaryStream(i, x, (long) length); }
    @Override public void setBinaryStream(int i, InputStream x, long length) throws SQLException { bind(i, ParameterValues.bytes(i, x, length)); }
    @Override public void setBinaryStream(int i, InputStream x) throws SQLException { setBinaryStream(i, x, -1L); }
    @Override public void setCharacterStream(int i, Reader x, int length) throws SQLException { setCharacterStream(i, x, (long) length); }
    @Override public void setCharacterStream(int i, Reader x, long length) throws SQLException { bind(i, ParameterValues.chars(i, x, length)); }
    @Override public void setCharacterStream(int i, Reader x) throws SQLException { setCharacterStream(i, x, -1L); }
    @Override public void setNCharacterStream(int i, Reader x, long length) throws SQLException { setCharacterStream(i, x, length); }
    @Override public void setNCharacterStream(int i, Reader x) throws SQLException { setCharacterStream(i, x, -1L); }
    @Override public void setBlob(int i, Blob x) throws SQLException { bind(i, x == null ? null : ParameterValues.bytes(i, x.getBinaryStream(), -1)); }
    @Override public void setBlob(int i, InputStream x, long length) throws SQLException { setBinaryStream(i, x, length); }
    @Override public void setBlob(int i, InputStream x) throws SQLException { setBinaryStream(i, x, -1L); }
    @Override public void setClob(int i, Clob x) throws SQLException { bind(i, x == null ? null : ParameterValues.chars(i, x.getCharacterStream(), -1)); }
    @Override public void setClob(int i, Reader x, long length) throws SQLException { setCharacterStream(i, x, length); }
    @Override public void setClob(int i, Reader x) throws SQLException { setCharacterStream(i, x, -1L); }
    @Override public void setNClob(int i, NClob x) throws SQLException { setClob(i, x); }
    @Override public void setNClob(int i, Reader x, long length) throws SQLException { setCharacterStream(i, x, length); }
    @Override public void setNClob(int i, Reader x) throws SQLException { setCharacterStream(i, x, -1L); }

    @Override public void setRef(int i, Ref x) throws SQLException { throw Errors.unsupported("setRef"); }
    @Override public void setArray(int i, Array x) throws SQLException { throw Errors.unsupported("setArray"); }
    @Override public void setRowId(int i, RowId x) throws SQLException { throw Errors.unsupported("setRowId"); }

    private static int vendorType(SQLType type) throws SQLException {
        if (type == null || type.getVendorTypeNumber() == null) {
            throw Errors.unsupported("SQL type " + type);
        }
        return type.getVendorTypeNumber();
    }

    @Override
    public String toString() {
        return "GuardPreparedStatement[" + sql + "]";
    }
}
