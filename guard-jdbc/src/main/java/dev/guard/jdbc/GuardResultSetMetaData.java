package dev.guard.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Result metadata with Guard's masking: {@code rs.getMetaData().unwrap(GuardResultSetMetaData.class)}
 * (or a cast) tells which columns Guard masked. A masked column's values are strings (or NULL),
 * whatever the column's own type; the driver reports such a column as {@code VARCHAR}.
 */
public interface GuardResultSetMetaData extends ResultSetMetaData {

    /** The policy rule that masked the column (1-based), or null when the column is not masked. */
    String maskRule(int column) throws SQLException;

    /** The masking method applied to the column (for example {@code email}, {@code null}), or null when not masked. */
    String maskMethod(int column) throws SQLException;

    /** True when Guard masked the column. */
    default boolean isMasked(int column) throws SQLException {
        return maskMethod(column) != null;
    }
}
