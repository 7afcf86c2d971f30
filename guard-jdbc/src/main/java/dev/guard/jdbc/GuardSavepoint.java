package dev.guard.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A savepoint set with SQL ({@code SAVEPOINT `name`}), so the policy sees it like any statement.
 * An unnamed one gets a generated name; JDBC then reports only its id.
 */
record GuardSavepoint(int id, String name, GuardConnection connection) implements Savepoint {

    /** The name used in SQL. */
    String sqlName() {
        return name != null ? name : "guard_savepoint_" + id;
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) {
            throw new SQLException("a named savepoint has no id", "HY024");
        }
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) {
            throw new SQLException("an unnamed savepoint has no name", "HY024");
        }
        return name;
    }

    @Override
    public String toString() {
        return "GuardSavepoint[" + sqlName() + "]";
    }
}
