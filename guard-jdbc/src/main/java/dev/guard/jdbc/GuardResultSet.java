package dev.guard.jdbc;

import dev.guard.protocol.ColumnInfo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

/**
 * A forward-only, read-only result. Rows are pulled from a {@link RowSource} as {@link #next()}
 * asks for them (a one-row look-ahead only for isLast/isBeforeFirst). Every getter accepts every
 * wire value; a masked column's value is a string, so only getString, getObject, getBytes and the
 * character getters read it, and the others say which rule masked it (SQLDataException 22018).
 */
final class GuardResultSet extends ReadOnlyResultSet {

    private final GuardStatement statement;
    private final ResultColumns columns;
    private final RowSource rows;
    private Object[] current;
    private Object[] lookahead;
    private boolean lookedAhead;
    private boolean exhausted;
    private long row;
    private boolean wasNull;
    private int fetchSize;
    private volatile boolean closed;

    /** @param statement null for DatabaseMetaData results */
    GuardResultSet(GuardStatement statement, ResultColumns columns, RowSource rows) {
        this.statement = statement;
        this.columns = columns;
        this.rows = rows;
    }

    static GuardResultSet of(GuardStatement statement, List<ColumnInfo> columns, List<Object[]> rows) {
        return new GuardResultSet(statement, new ResultColumns(columns), RowSource.of(rows));
    }

    // ---- cursor

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (exhausted) {
            current = null;
            return false;
        }
        Object[] r = lookedAhead ? lookahead : rows.next();
        lookedAhead = false;
        lookahead = null;
        if (r == null) {
            exhausted = true;
            current = null;
            return false;
        }
        current = r;
        row++;
        return true;
    }

    private Object[] peek() throws SQLException {
        if (!lookedAhead && !exhausted) {
            lookahead = rows.next();
            lookedAhead = true;
        }
        return lookahead;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return row == 0 && peek() != null;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return exhausted && row > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return current != null && row == 1;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return current != null && peek() == null;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return current == null ? 0 : (int) Math.min(row, Integer.MAX_VALUE);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        lookahead = null;
        rows.close();
        if (statement != null) {
            statement.resultClosed(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.statementClosed("result set");
        }
    }

    /** A copy of the current row's wire values. */
    Object[] currentRow() throws SQLException {
        checkOpen();
        if (current == null) {
            throw new SQLException("there is no current row", "24000");
        }
        return current.clone();
    }

    // ---- values

    private ColumnInfo column(int index) throws SQLException {
        return columns.get(index);
    }

    /** The raw wire value, null for SQL NULL (and wasNull set). */
    private Object value(int index) throws SQLException {
        checkOpen();
        if (current == null) {
            throw new SQLException(row == 0 ? "call next() before reading a column" : "the cursor is after the last row",
                    "24000");
        }
        columns.get(index); // checks the index
        Object v = current[index - 1];
        wasNull = v == null;
        return v;
    }

    /** A value for a getter that needs the column's own type: a masked value is refused. */
    private Object typed(int index) throws SQLException {
        Object v = value(index);
        if (v != null && column(index).masked()) {
            throw Errors.masked(column(index));
        }
        return v;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public String getString(int i) throws SQLException {
        Object v = value(i);
        return v == null ? null : Conversions.text(v, column(i));
    }

    @Override
    public boolean getBoolean(int i) throws SQLException {
        Object v = typed(i);
        return v != null && Conversions.toBoolean(v, column(i));
    }

    @Override
    public byte getByte(int i) throws SQLException {
        Object v = typed(i);
        return v == null ? 0 : (byte) Conversions.toLong(v, column(i), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    }

    @Override
    public short getShort(int i) throws SQLException {
        Object v = typed(i);
        return v == null ? 0 : (short) Conversions.toLong(v, column(i), Short.MIN_VALUE, Short.MAX_VALUE, "short");
    }

    @Override
    public int getInt(int i) throws SQLException {
        Object v = typed(i);
        return v == null ? 0 : (int) Conversions.toLong(v, column(i), Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    }

    @Override
    public long getLong(int i) throws SQLException {
        Object v = typed(i);
        return v == null ? 0 : Conversions.toLong(v, column(i), Long.MIN_VALUE, Long.MAX_VALUE, "long");
    }

    @Override
    public float getFloat(int i) throws SQLException {
        Object v = typed(i);
        return v == null ? 0 : Conversions.toFloat(v, column(i));
    }

    @Override
    public double getDouble(int i) throws SQLException {
        Object v = typed(i);
        return v == null ? 0 : Conversions.toDouble(v, column(i));
    }

    @Override
    public BigDecimal getBigDecimal(int i) throws SQLException {
        Object v = typed(i);
        return v == null ? null : Conversions.toBigDecimal(v, column(i));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(i);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int i) throws SQLException {
        Object v = value(i);
        return v == null ? null : Conversions.toBytes(v, column(i));
    }

    @Override
    public Date getDate(int i) throws SQLException {
        return getDate(i, null);
    }

    @Override
    public Date getDate(int i, Calendar cal) throws SQLException {
        Object v = typed(i);
        return v == null ? null : Conversions.sqlDate(Conversions.toLocalDate(v, column(i)), cal);
    }

    @Override
    public Time getTime(int i) throws SQLException {
        return getTime(i, null);
    }

    @Override
    public Time getTime(int i, Calendar cal) throws SQLException {
        Object v = typed(i);
        return v == null ? null : Conversions.sqlTime(Conversions.toLocalTime(v, column(i)), cal);
    }

    @Override
    public Timestamp getTimestamp(int i) throws SQLException {
        return getTimestamp(i, null);
    }

    @Override
    public Timestamp getTimestamp(int i, Calendar cal) throws SQLException {
        Object v = typed(i);
        return v == null ? null : Conversions.sqlTimestamp(Conversions.toLocalDateTime(v, column(i)), cal);
    }

    @Override
    public Object getObject(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        }
        ColumnInfo c = column(i);
        return c.masked() ? Conversions.text(v, c) : Conversions.natural(v, c);
    }

    @Override
    public <T> T getObject(int i, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("the type is null", "HY009");
        }
        Object v = value(i);
        if (v == null) {
            return null;
        }
        ColumnInfo c = column(i);
        if (c.masked()) {
            if (type == String.class || type == Object.class || type == CharSequence.class) {
                return type.cast(Conversions.text(v, c));
            }
            if (type == Clob.class || type == NClob.class) {
                return type.cast(new MemoryClob(Conversions.text(v, c)));
            }
            throw Errors.masked(c);
        }
        Object converted = Conversions.as(v, c, type);
        @SuppressWarnings("unchecked")
        T result = type.isPrimitive() ? (T) converted : type.cast(converted);
        return result;
    }

    @Override
    public Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
        return getObject(i);
    }

    @Override
    public InputStream getAsciiStream(int i) throws SQLException {
        String s = getString(i);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int i) throws SQLException {
        String s = getString(i);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_16BE));
    }

    @Override
    public InputStream getBinaryStream(int i) throws SQLException {
        byte[] b = getBytes(i);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Reader getCharacterStream(int i) throws SQLException {
        String s = getString(i);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getNCharacterStream(int i) throws SQLException {
        return getCharacterStream(i);
    }

    @Override
    public String getNString(int i) throws SQLException {
        return getString(i);
    }

    @Override
    public Blob getBlob(int i) throws SQLException {
        byte[] b = getBytes(i);
        return b == null ? null : new MemoryBlob(b);
    }

    @Override
    public Clob getClob(int i) throws SQLException {
        return getNClob(i);
    }

    @Override
    public NClob getNClob(int i) throws SQLException {
        String s = getString(i);
        return s == null ? null : new MemoryClob(s);
    }

    @Override
    public URL getURL(int i) throws SQLException {
        String s = getString(i);
        if (s == null) {
            return null;
        }
        try {
            return URI.create(s).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw Errors.cannotConvert(column(i), "URL");
        }
    }

    @Override
    public Ref getRef(int i) throws SQLException {
        throw Errors.unsupported("getRef");
    }

    @Override
    public Array getArray(int i) throws SQLException {
        throw Errors.unsupported("getArray");
    }

    @Override
    public RowId getRowId(int i) throws SQLException {
        throw Errors.unsupported("getRowId");
    }

    @Override
    public SQLXML getSQLXML(int i) throws SQLException {
        throw Errors.unsupported("getSQLXML");
    }

    // ---- by label

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        int i = columns.find(label);
        if (i < 0) {
            throw new SQLSyntaxErrorException("column '" + label + "' is not in the result", "42S22");
        }
        return i;
    }

    @Override public String getString(String label) throws SQLException { return getString(findColumn(label)); }
    @Override public boolean getBoolean(String label) throws SQLException { return getBoolean(findColumn(label)); }
    @Override public byte getByte(String label) throws SQLException { return getByte(findColumn(label)); }
    @Override public short getShort(String label) throws SQLException { return getShort(findColumn(label)); }
    @Override public int getInt(String label) throws SQLException { return getInt(findColumn(label)); }
    @Override public long getLong(String label) throws SQLException { return getLong(findColumn(label)); }
    @Override public float getFloat(String label) throws SQLException { return getFloat(findColumn(label)); }
    @Override public double getDouble(String label) throws SQLException { return getDouble(findColumn(label)); }
    @Override public BigDecimal getBigDecimal(String label) throws SQLException { return getBigDecimal(findColumn(label)); }
    @Override @Deprecated public BigDecimal getBigDecimal(String label, int scale) throws SQLException { return getBigDecimal(findColumn(label), scale); }
    @Override public byte[] getBytes(String label) throws SQLException { return getBytes(findColumn(label)); }
    @Override public Date getDate(String label) throws SQLException { return getDate(findColumn(label)); }
    @Override public Date getDate(String label, Calendar cal) throws SQLException { return getDate(findColumn(label), cal); }
    @Override public Time getTime(String label) throws SQLException { return getTime(findColumn(label)); }
    @Override public Time getTime(String label, Calendar cal) throws SQLException { return getTime(findColumn(label), cal); }
    @Override public Timestamp getTimestamp(String label) throws SQLException { return getTimestamp(findColumn(label)); }
    @Override public Timestamp getTimestamp(String label, Calendar cal) throws SQLException { return getTimestamp(findColumn(label), cal); }
    @Override public Object getObject(String label) throws SQLException { return getObject(findColumn(label)); }
    @Override public <T> T getObject(String label, Class<T> type) throws SQLException { return getObject(findColumn(label), type); }
    @Override public Object getObject(String label, Map<String, Class<?>> map) throws SQLException { return getObject(findColumn(label), map); }
    @Override public InputStream getAsciiStream(String label) throws SQLException { return getAsciiStream(findColumn(label)); }
    @Override @Deprecated public InputStream getUnicodeStream(String label) throws SQLException { return getUnicodeStream(findColumn(label)); }
    @Override public InputStream getBinaryStream(String label) throws SQLException { return getBinaryStream(findColumn(label)); }
    @Override public Reader getCharacterStream(String label) throws SQLException { return getCharacterStream(findColumn(label)); }
    @Override public Reader getNCharacterStream(String label) throws SQLException { return getNCharacterStream(findColumn(label)); }
    @Override public String getNString(String label) throws SQLException { return getNString(findColumn(label)); }
    @Override public Blob getBlob(String label) throws SQLException { return getBlob(findColumn(label)); }
    @Override public Clob getClob(String label) throws SQLException { return getClob(findColumn(label)); }
    @Override public NClob getNClob(String label) throws SQLException { return getNClob(findColumn(label)); }
    @Override public URL getURL(String label) throws SQLException { return getURL(findColumn(label)); }
    @Override public Ref getRef(String label) throws SQLException { return getRef(findColumn(label)); }
    @Override public Array getArray(String label) throws SQLException { return getArray(findColumn(label)); }
    @Override public RowId getRowId(String label) throws SQLException { return getRowId(findColumn(label)); }
    @Override public SQLXML getSQLXML(String label) throws SQLException { return getSQLXML(findColumn(label)); }

    // ---- properties

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return columns;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return rows.warnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        rows.clearWarnings();
    }

    @Override
    public String getCursorName() throws SQLException {
        throw Errors.unsupported("getCursorName (positioned updates)");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw new SQLException("a forward-only result set fetches forward only", "HY024");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    /** Accepted and remembered; the server streams rows whatever the fetch size. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        fetchSize = Errors.fetchSize(rows);
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
