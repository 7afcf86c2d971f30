package dev.guard.jdbc;

import dev.guard.protocol.ColumnInfo;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a result, from its Header frame: the ResultSetMetaData callers see, and label
 * lookup for the ResultSet. A masked column is reported as VARCHAR (its values are strings
 * whatever the source column's type), read-only, with its rule and method.
 */
final class ResultColumns implements GuardResultSetMetaData {

    private final List<ColumnInfo> columns;
    private Map<String, Integer> byLabel;

    ResultColumns(List<ColumnInfo> columns) {
        this.columns = List.copyOf(columns);
    }

    int count() {
        return columns.size();
    }

    ColumnInfo get(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException("column index " + column + " is out of range 1.." + columns.size(), "07009");
        }
        return columns.get(column - 1);
    }

    /** The first column whose label (else source name) matches, ignoring case; -1 if none. */
    int find(String label) {
        if (label == null) {
            return -1;
        }
        if (byLabel == null) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = columns.size() - 1; i >= 0; i--) {
                m.put(columns.get(i).name().toLowerCase(Locale.ROOT), i + 1);
            }
            for (int i = columns.size() - 1; i >= 0; i--) {
                m.put(columns.get(i).label().toLowerCase(Locale.ROOT), i + 1);
            }
            byLabel = m;
        }
        return byLabel.getOrDefault(label.toLowerCase(Locale.ROOT), -1);
    }

    @Override
    public String maskRule(int column) throws SQLException {
        return get(column).maskRule();
    }

    @Override
    public String maskMethod(int column) throws SQLException {
        return get(column).maskMethod();
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        ColumnInfo c = get(column);
        return !c.masked() && c.autoIncrement();
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        // MySQL's default collations compare text without case; binary strings compare bytes.
        return switch (getColumnType(column)) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> true;
            default -> false;
        };
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        get(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        get(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return get(column).nullable();
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        ColumnInfo c = get(column);
        return !c.masked() && c.signed();
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        ColumnInfo c = get(column);
        return c.masked() ? Math.max(c.displaySize(), c.precision()) : c.displaySize();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return get(column).label();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        ColumnInfo c = get(column);
        return c.name().isEmpty() ? c.label() : c.name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        get(column);
        return "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        ColumnInfo c = get(column);
        return c.masked() ? getColumnDisplaySize(column) : c.precision();
    }

    @Override
    public int getScale(int column) throws SQLException {
        ColumnInfo c = get(column);
        return c.masked() ? 0 : c.scale();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return get(column).table();
    }

    /** MySQL's databases are JDBC catalogs. */
    @Override
    public String getCatalogName(int column) throws SQLException {
        return get(column).schema();
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        ColumnInfo c = get(column);
        return c.masked() ? Types.VARCHAR : c.jdbcType();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        ColumnInfo c = get(column);
        return c.masked() ? "VARCHAR" : c.typeName();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        ColumnInfo c = get(column);
        return c.masked() || c.table().isEmpty();
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        return !isReadOnly(column);
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        return isWritable(column);
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        ColumnInfo c = get(column);
        return c.masked() ? "java.lang.String" : Conversions.className(c);
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

    @Override
    public String toString() {
        return "ResultColumns" + columns.stream().map(ColumnInfo::label).toList();
    }
}
