package dev.guard.jdbc;

import dev.guard.protocol.Frame;
import dev.guard.protocol.Request;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A Guard session: opened with {@code POST /v1/sessions}, closed with {@code DELETE}. Session
 * state (auto-commit, current catalog) follows every End frame. Used by one thread at a time,
 * except {@link #abort}, {@link #isClosed} and statements' {@code cancel()}.
 *
 * <p>The server runs a session's statements one at a time, so before another request goes out
 * a result still being streamed is read into memory (see {@link StreamedRows#bufferRemaining()}).
 */
final class GuardConnection implements Connection {

    private static final System.Logger LOG = System.getLogger("dev.guard.jdbc");

    private final ConnectionConfig config;
    private final Transport transport;
    private final Frame.Session session;
    private final String sessionPath;
    private final boolean backslashEscapes;
    private final boolean ansiQuotes;
    private volatile boolean closed;
    private boolean autoCommit;
    private int isolation;
    private boolean readOnly;
    private String catalog;
    private int networkTimeoutMillis;
    private SQLWarning warnings;
    private final Properties clientInfo = new Properties();
    private Map<String, Class<?>> typeMap = new HashMap<>();
    private StreamedRows streaming;
    private int savepoints;

    GuardConnection(ConnectionConfig config, Transport transport, Frame.Session session) {
        this.config = config;
        this.transport = transport;
        this.session = session;
        this.sessionPath = "/v1/sessions/" + URLEncoder.encode(session.sessionId(), StandardCharsets.UTF_8);
        List<String> modes = Arrays.asList(session.sqlMode().toUpperCase(Locale.ROOT).split(","));
        this.backslashEscapes = !modes.contains("NO_BACKSLASH_ESCAPES");
        this.ansiQuotes = modes.contains("ANSI_QUOTES") || modes.contains("ANSI");
        this.autoCommit = session.autoCommit();
        this.isolation = session.isolation();
        this.catalog = session.schema();
    }

    /** Says hello (the h2c upgrade on cleartext), then opens a session. */
    static GuardConnection open(ConnectionConfig config) throws SQLException {
        Transport transport = new Transport(config);
        try {
            transport.hello();
            byte[] body = new Request.Open(config.schema(), GuardDriver.CLIENT).encode();
            try (FrameStream stream = transport.post("/v1/sessions", body, config.connectTimeoutMillis())) {
                Frame f = stream.require();
                if (f instanceof Frame.Error error) {
                    stream.finish();
                    throw Errors.of(error, false, false);
                }
                if (!(f instanceof Frame.Session session)) {
                    throw stream.unexpected(f, "in answer to opening a session");
                }
                stream.finish();
                LOG.log(System.Logger.Level.DEBUG, "opened a Guard session at {0} as {1}", config.where(), session.user());
                return new GuardConnection(config, transport, session);
            }
        } catch (SQLException | RuntimeException e) {
            transport.release();
            throw e;
        }
    }

    // ---- requests

    /** Sends an Execute request; the caller reads the response. */
    FrameStream execute(byte[] body) throws SQLException {
        checkOpen();
        settle();
        return transport.post(sessionPath + "/execute", body, networkTimeoutMillis);
    }

    /** A session operation: answered by End (or Error). */
    private void control(int op, long number, String text, long timeoutMillis) throws SQLException {
        checkOpen();
        settle();
        byte[] body = new Request.Control(op, number, text).encode();
        try (FrameStream stream = transport.post(sessionPath + "/control", body, timeoutMillis)) {
            Frame f = stream.require();
            if (f instanceof Frame.End end) {
                stream.finish();
                applyEnd(end);
                warnings = Errors.chain(warnings, Errors.warnings(end.warnings()));
                return;
            }
            if (f instanceof Frame.Error error) {
                stream.finish();
                throw errorFor(error, null);
            }
            throw stream.unexpected(f, "in answer to a session operation");
        }
    }

    /** A catalog listing as a streamed result (no Header: an empty result without columns). */
    ResultSet metadata(int kind, String catalogName, String tablePattern, String columnPattern) throws SQLException {
        checkOpen();
        settle();
        byte[] body = new Request.Metadata(kind, catalogName, tablePattern, columnPattern).encode();
        FrameStream stream = transport.post(sessionPath + "/metadata", body, networkTimeoutMillis);
        Frame f = stream.require();
        if (f instanceof Frame.Header header) {
            StreamedRows rows = new StreamedRows(stream, this, null, 0);
            streaming = rows;
            return new GuardResultSet(null, new ResultColumns(header.columns()), rows);
        }
        try (stream) {
            if (f instanceof Frame.End end) {
                stream.finish();
                applyEnd(end);
                return GuardResultSet.of(null, List.of(), List.of());
            }
            if (f instanceof Frame.Error error) {
                stream.finish();
                throw errorFor(error, null);
            }
            throw stream.unexpected(f, "in answer to a metadata request");
        }
    }

    /** From any thread: {@code POST .../cancel}. */
    void cancelRunning() throws SQLException {
        if (closed) {
            return;
        }
        try (FrameStream stream = transport.post(sessionPath + "/cancel", new byte[0], config.connectTimeoutMillis())) {
            Frame f = stream.next();
            stream.finish();
            if (f instanceof Frame.Error error) {
                throw Errors.of(error, false, false);
            }
        }
    }

    /** Reads a result that still streams into memory, so the session is free for the next request. */
    private void settle() {
        StreamedRows rows = streaming;
        streaming = null;
        if (rows != null && !rows.isEnded()) {
            rows.bufferRemaining();
        }
    }

    void streaming(StreamedRows rows) {
        streaming = rows;
    }

    void streamEnded(StreamedRows rows) {
        if (streaming == rows) {
            streaming = null;
        }
    }

    /** The session's state after a statement. */
    void applyEnd(Frame.End end) {
        autoCommit = end.autoCommit();
        catalog = end.schema();
    }

    /** The exception for an Error frame; a session that no longer exists leaves this connection closed. */
    SQLException errorFor(Frame.Error error, GuardStatement statement) {
        if (error.kind() == Frame.Error.SESSION) {
            closed = true;
            transport.release();
        }
        return Errors.of(error, statement != null && statement.timeoutMillis() > 0,
                statement != null && statement.cancelRequested());
    }

    int countPlaceholders(String sql) {
        return Placeholders.count(sql, backslashEscapes, ansiQuotes);
    }

    Frame.Session session() {
        return session;
    }

    ConnectionConfig config() {
        return config;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("connection");
        }
    }

    // ---- statements

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return new GuardStatement(this);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        checkResultSet(type, concurrency);
        return createStatement();
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkResultSet(type, concurrency);
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return new GuardPreparedStatement(this, sql, false);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS && autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
            throw new SQLException("autoGeneratedKeys must be RETURN_GENERATED_KEYS or NO_GENERATED_KEYS", "HY092");
        }
        return new GuardPreparedStatement(this, sql, autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return new GuardPreparedStatement(this, sql, true);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return new GuardPreparedStatement(this, sql, true);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        checkResultSet(type, concurrency);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        checkResultSet(type, concurrency);
        return prepareStatement(sql);
    }

    private void checkResultSet(int type, int concurrency) throws SQLException {
        checkOpen();
        if (type != ResultSet.TYPE_FORWARD_ONLY) {
            throw new SQLFeatureNotSupportedException("Guard's result sets are TYPE_FORWARD_ONLY (they stream)", "0A000");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw new SQLFeatureNotSupportedException("Guard's result sets are CONCUR_READ_ONLY", "0A000");
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw Errors.unsupported("CallableStatement (run CALL through a Statement or PreparedStatement)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    // ---- transactions

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        checkOpen();
        if (on != autoCommit) {
            control(Request.Control.AUTO_COMMIT, on ? 1 : 0, null, networkTimeoutMillis);
            autoCommit = on;
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        requireTransaction("commit");
        control(Request.Control.COMMIT, 0, null, networkTimeoutMillis);
    }

    @Override
    public void rollback() throws SQLException {
        requireTransaction("rollback");
        control(Request.Control.ROLLBACK, 0, null, networkTimeoutMillis);
    }

    private void requireTransaction(String what) throws SQLException {
        checkOpen();
        if (autoCommit) {
            throw new SQLException(what + " needs a transaction, but auto-commit is on", "25000");
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw new SQLException("MySQL has no transaction isolation level " + level, "HY024");
        }
        control(Request.Control.ISOLATION, level, null, networkTimeoutMillis);
        isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return isolation;
    }

    @Override
    public void setReadOnly(boolean on) throws SQLException {
        checkOpen();
        if (on != readOnly) {
            control(Request.Control.READ_ONLY, on ? 1 : 0, null, networkTimeoutMillis);
            readOnly = on;
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        requireTransaction("a savepoint");
        GuardSavepoint sp = new GuardSavepoint(++savepoints, null, this);
        runInternal("SAVEPOINT " + quote(sp.sqlName()));
        return sp;
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        requireTransaction("a savepoint");
        if (name == null || name.isEmpty()) {
            throw new SQLException("a savepoint's name may not be empty", "HY024");
        }
        GuardSavepoint sp = new GuardSavepoint(++savepoints, name, this);
        runInternal("SAVEPOINT " + quote(sp.sqlName()));
        return sp;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        requireTransaction("rollback to a savepoint");
        runInternal("ROLLBACK TO SAVEPOINT " + quote(own(savepoint).sqlName()));
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        runInternal("RELEASE SAVEPOINT " + quote(own(savepoint).sqlName()));
    }

    private GuardSavepoint own(Savepoint savepoint) throws SQLException {
        if (savepoint instanceof GuardSavepoint sp && sp.connection() == this) {
            return sp;
        }
        throw new SQLException("the savepoint was not set on this connection", "3B001");
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private void runInternal(String sql) throws SQLException {
        try (GuardStatement st = new GuardStatement(this)) {
            st.execute(sql);
        }
    }

    // ---- catalog and schema

    /** Decided by the policy as {@code USE}; a refusal is an SQLSyntaxErrorException. */
    @Override
    public void setCatalog(String name) throws SQLException {
        checkOpen();
        if (name == null) {
            throw new SQLException("the catalog name is null", "HY009");
        }
        control(Request.Control.CATALOG, 0, name, networkTimeoutMillis);
        if (catalog == null) {
            catalog = name;
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return catalog;
    }

    /** MySQL's databases are catalogs; there are no schemas. */
    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new GuardDatabaseMetaData(this);
    }

    // ---- life cycle

    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (timeoutSeconds < 0) {
            throw new SQLException("the timeout may not be negative", "HY024");
        }
        if (closed) {
            return false;
        }
        try {
            control(Request.Control.PING, 0, null, timeoutSeconds == 0 ? networkTimeoutMillis : timeoutSeconds * 1000L);
            return true;
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "Guard connection to {0} is not valid: {1}", config.where(), e.getMessage());
            return false;
        }
    }

    /** Ends the session ({@code DELETE}, which rolls back); a failure to reach the server is only logged. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        endSession();
    }

    private void endSession() {
        StreamedRows rows = streaming;
        if (rows != null) {
            rows.abort();
        }
        try (FrameStream stream = transport.delete(sessionPath, config.connectTimeoutMillis())) {
            Frame f = stream.next();
            if (f instanceof Frame.Error error) {
                LOG.log(System.Logger.Level.DEBUG, "closing the Guard session: {0}", error.message());
            }
            stream.finish();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the Guard session at {0} failed: {1}", config.where(), e.getMessage());
        } finally {
            transport.release();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort needs an executor", "HY009");
        }
        if (closed) {
            return;
        }
        closed = true;
        executor.execute(this::endSession);
    }

    /** Applied as the timeout of every HTTP request (until its response starts); exceeding it raises 08S01. */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("the network timeout may not be negative", "HY024");
        }
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    // ---- the rest of java.sql.Connection

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings = null;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("unknown holdability " + holdability, "HY024");
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return new HashMap<>(typeMap);
    }

    /** Remembered; MySQL has no user-defined types to map. */
    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        typeMap = map == null ? new HashMap<>() : new HashMap<>(map);
    }

    @Override
    public Clob createClob() throws SQLException {
        checkOpen();
        return new MemoryClob("");
    }

    @Override
    public NClob createNClob() throws SQLException {
        checkOpen();
        return new MemoryClob("");
    }

    @Override
    public Blob createBlob() throws SQLException {
        checkOpen();
        return new MemoryBlob(new byte[0]);
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw Errors.unsupported("SQLXML");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw Errors.unsupported("Array");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw Errors.unsupported("Struct");
    }

    /** Remembered on the connection only. */
    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("the connection is closed", "08003", 0,
                    Map.of(String.valueOf(name), ClientInfoStatus.REASON_UNKNOWN));
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("the connection is closed", "08003", 0, Map.of());
        }
        clientInfo.clear();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                clientInfo.setProperty(name, properties.getProperty(name));
            }
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
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
        return "GuardConnection[" + config.safeUrl() + ", user=" + session.user() + (closed ? ", closed" : "") + "]";
    }
}
