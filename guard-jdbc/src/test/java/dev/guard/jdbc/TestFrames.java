package dev.guard.jdbc;

import dev.guard.protocol.ColumnInfo;
import dev.guard.protocol.Frame;
import dev.guard.protocol.FrameWriter;
import dev.guard.protocol.WireWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/** Real frames (FrameWriter to bytes) read back through the driver's own classes, without a server. */
final class TestFrames {
    /** A session as the gateway describes one, for driver objects built without a server. */
    static final Frame.Session SESSION = new Frame.Session("s-1", "agent-7", "MySQL", "5.5.5-10.11.19-MariaDB-deb12",
            "shop", "STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES", 0, true, 4);


    private TestFrames() {}

    static final Frame.End END_OF_RESULT = new Frame.End(-1, new long[0], List.of(), List.of(), false, true, "shop");

    interface Writes {
        void to(FrameWriter w) throws IOException;
    }

    static byte[] frames(Writes writes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            FrameWriter w = new FrameWriter(out);
            writes.to(w);
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Header, the rows (each in one Rows frame of its own when split, else all in one), End. */
    static byte[] result(List<ColumnInfo> columns, List<Object[]> rows) {
        return frames(w -> {
            w.header(new Frame.Header(columns));
            for (Object[] row : rows) {
                WireWriter r = w.row();
                for (Object v : row) {
                    r.value(v);
                }
            }
            w.end(END_OF_RESULT);
        });
    }

    static ColumnInfo column(String label, int jdbcType, String typeName) {
        return column(label, jdbcType, typeName, 0);
    }

    static ColumnInfo column(String label, int jdbcType, String typeName, int scale) {
        return new ColumnInfo(label, label + "_src", "t", "shop", jdbcType, typeName, 20, scale, 20,
                ResultSetMetaData.columnNullable, !typeName.contains("UNSIGNED"), false, null, null);
    }

    static ColumnInfo masked(String label, int jdbcType, String typeName, String rule, String method) {
        return new ColumnInfo(label, label, "customers", "shop", jdbcType, typeName, 11, 0, 11,
                ResultSetMetaData.columnNullable, true, false, rule, method);
    }

    static ConnectionConfig config() {
        try {
            return ConnectionConfig.parse("jdbc:guard://127.0.0.1:9/shop?plaintext=true&token=secret-token-123", null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection object over no server: for the classes that report to their connection. */
    static GuardConnection offlineConnection() throws SQLException {
        ConnectionConfig config = config();
        return new GuardConnection(config, new Transport(config), SESSION);
    }

    static FrameStream stream(byte[] bytes) throws SQLException {
        return new FrameStream(new ByteArrayInputStream(bytes), new Transport(config()));
    }

    /** A ResultSet streaming from encoded frames, as GuardStatement builds it. */
    static GuardResultSet resultSet(byte[] bytes) throws SQLException {
        FrameStream stream = stream(bytes);
        Frame.Header header = (Frame.Header) stream.require();
        return new GuardResultSet(null, new ResultColumns(header.columns()),
                new StreamedRows(stream, offlineConnection(), null, 0));
    }

    static GuardResultSet resultSet(List<ColumnInfo> columns, List<Object[]> rows) throws SQLException {
        return resultSet(result(columns, rows));
    }

    static Object[] row(Object... values) {
        return values;
    }

    static List<Object[]> rows(Object[]... rows) {
        return List.of(rows);
    }
}
