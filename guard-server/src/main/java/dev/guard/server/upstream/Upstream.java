package dev.guard.server.upstream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * The pool of connections to the upstream MySQL, with the one credential Guard holds, and what
 * the server told about itself. Connector/J is hardened: no LOCAL INFILE, no multi-statements,
 * no deserialisation, no reading of client-side files.
 */
public final class Upstream implements AutoCloseable {

    /** What the upstream server reports, for the driver's DatabaseMetaData and for lexing. */
    public record ServerInfo(String productName, String productVersion, int lowerCaseTableNames) {}

    /** Evicts a pooled connection only for SQLState class 08 (the connection itself failed). */
    public static final class ConnectionErrorsOnly implements com.zaxxer.hikari.SQLExceptionOverride {
        @java.lang.Override
        public com.zaxxer.hikari.SQLExceptionOverride.Override adjudicate(SQLException e) {
            String state = e.getSQLState();
            return state != null && state.startsWith("08")
                    ? com.zaxxer.hikari.SQLExceptionOverride.Override.CONTINUE_EVICT
                    : com.zaxxer.hikari.SQLExceptionOverride.Override.DO_NOT_EVICT;
        }
    }

    private final HikariDataSource pool;
    private final HikariDataSource control;
    private volatile ServerInfo info;

    public Upstream(String url, String user, String password, int poolSize, Duration connectTimeout) {
        this.pool = new HikariDataSource(config("guard-upstream", poolSize, Math.min(2, poolSize), url, user, password, connectTimeout));
        // Kills and health checks have connections of their own: with every pooled connection pinned
        // by a session, a statement timeout must still be able to stop its statement.
        this.control = new HikariDataSource(config("guard-control", 2, 1, url, user, password, connectTimeout));
    }

    private static HikariConfig config(String name, int poolSize, int minimumIdle, String url, String user,
                                       String password, Duration connectTimeout) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(poolSize);
        c.setMinimumIdle(minimumIdle);
        c.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        c.setInitializationFailTimeout(-1); // start even when the database is down; /healthz says so
        // A statement's error must not take the session's pinned connection away: evict on
        // connection-level failures only (HikariCP also treats MySQL error 1105 as fatal).
        c.setExceptionOverrideClassName(ConnectionErrorsOnly.class.getName());
        Properties p = new Properties();
        p.setProperty("allowLoadLocalInfile", "false");
        p.setProperty("allowLoadLocalInfileInPath", "");
        p.setProperty("allowUrlInLocalInfile", "false");
        p.setProperty("allowMultiQueries", "false");
        p.setProperty("autoDeserialize", "false");
        p.setProperty("characterEncoding", "UTF-8");
        p.setProperty("connectionCollation", "utf8mb4_general_ci");
        p.setProperty("useServerPrepStmts", "false");
        // Agents repeat statements: keep Connector/J's parse of each prepared text.
        p.setProperty("cachePrepStmts", "true");
        // Connector/J would send SET net_write_timeout before every streaming query: a round trip each.
        p.setProperty("netTimeoutForStreamingResults", "0");
        p.setProperty("prepStmtCacheSize", "500");
        p.setProperty("prepStmtCacheSqlLimit", "8192");
        p.setProperty("cacheServerConfiguration", "false");
        p.setProperty("useLocalSessionState", "false");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("connectTimeout", String.valueOf(connectTimeout.toMillis()));
        c.setDataSourceProperties(p);
        return c;
    }

    /** A connection from the pool; the caller returns it with close(). */
    public Connection borrow() throws SQLException {
        return pool.getConnection();
    }

    /** Closes the pool's idle connections (those in use are closed when returned). */
    public void evictIdleConnections() {
        var bean = pool.getHikariPoolMXBean();
        if (bean != null) {
            bean.softEvictConnections();
        }
    }

    /** Stops the statement running on an upstream connection (by its CONNECTION_ID()). */
    public void killQuery(long connectionId) throws SQLException {
        try (Connection c = control.getConnection(); Statement st = c.createStatement()) {
            st.execute("KILL QUERY " + connectionId);
        }
    }

    /** Reads (once, then cached) what the server reports about itself. */
    public ServerInfo info() throws SQLException {
        ServerInfo i = info;
        if (i == null) {
            try (Connection c = borrow(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT @@lower_case_table_names")) {
                rs.next();
                DatabaseMetaData md = c.getMetaData();
                i = new ServerInfo(md.getDatabaseProductName(), md.getDatabaseProductVersion(), rs.getInt(1));
                info = i;
            }
        }
        return i;
    }

    /** Whether a connection can be had and answers within the pool's timeout. */
    public boolean reachable() {
        try (Connection c = control.getConnection()) {
            if (c.isValid(2)) {
                return true;
            }
            control.evictConnection(c); // dead: make the pool open a fresh one next time
            return false;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            control.close();
        }
    }
}
