package dev.guard.server.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real database the integration tests use: MariaDB or MySQL at {@code GUARD_TEST_MYSQL_URL}
 * (a Connector/J URL with an account that may create databases and users), by default the
 * local server as root without a password. Never a mock.
 */
public final class Database {

    private Database() {}

    static String url() {
        String url = System.getenv("GUARD_TEST_MYSQL_URL");
        return url != null && !url.isBlank() ? url : "jdbc:mysql://127.0.0.1:3306/?user=root&password=";
    }

    /** The server's address part, for the gateway's own (least-privileged) account. */
    static String serverUrl() {
        String url = url();
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        int slash = base.indexOf('/', "jdbc:mysql://".length());
        return (slash < 0 ? base : base.substring(0, slash)) + "/";
    }

    public static Connection admin() throws SQLException {
        return DriverManager.getConnection(url());
    }

    static void run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
