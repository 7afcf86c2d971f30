package dev.guard.jdbc;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.Iterator;
import java.util.List;

/** Where a ResultSet's rows come from: a streamed response, or rows the driver holds. */
interface RowSource {

    /** The next row (values in column order), or null after the last. */
    Object[] next() throws SQLException;

    /** Warnings raised with the result; known once its last row was read. */
    SQLWarning warnings();

    void clearWarnings();

    /** Stops reading; rows not yet read are dropped. */
    void close();

    /** Rows already in memory. */
    static RowSource of(List<Object[]> rows) {
        Iterator<Object[]> it = rows.iterator();
        return new RowSource() {
            @Override
            public Object[] next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public SQLWarning warnings() {
                return null;
            }

            @Override
            public void clearWarnings() {
                // none
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
