package dev.guard.server.session;

import dev.guard.policy.Caller;
import dev.guard.sql.SqlMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One caller's session: it pins one upstream connection for its whole life, so transactions,
 * session variables and temporary tables behave as on MySQL. One statement runs at a time.
 */
public final class GuardSession {

    private final String id;
    private final Caller caller;
    private final Connection connection;
    private final SqlMode sqlMode;
    private final String sqlModeText;
    private final long connectionId;
    private final Killer killer;
    private final ReentrantLock lock = new ReentrantLock();
    /** Orders a kill against the start and end of statements (a ReentrantLock: virtual threads wait on it unpinned). */
    private final ReentrantLock killLock = new ReentrantLock();
    private volatile String schema;
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile Statement running;
    private volatile boolean closed;
    private volatile boolean broken;

    /** Stops the query running on an upstream connection, from another connection. */
    @FunctionalInterface
    public interface Killer {
        void killQuery(long connectionId) throws SQLException;
    }

    GuardSession(String id, Caller caller, Connection connection, String schema, String sqlModeText, long connectionId,
                 Killer killer) {
        this.id = id;
        this.connectionId = connectionId;
        this.killer = killer;
        this.caller = caller;
        this.connection = connection;
        this.schema = schema;
        this.sqlModeText = sqlModeText;
        this.sqlMode = SqlMode.parse(sqlModeText);
    }

    public String id() {
        return id;
    }

    public Caller caller() {
        return caller;
    }

    public Connection connection() {
        return connection;
    }

    public String schema() {
        return schema;
    }

    public void schema(String schema) {
        this.schema = schema;
    }

    public SqlMode sqlMode() {
        return sqlMode;
    }

    public String sqlModeText() {
        return sqlModeText;
    }

    /** Takes the session for one request; requests of a session run one at a time. */
    public void enter() {
        lock.lock();
        lastUsedNanos = System.nanoTime();
    }

    /** Takes the session only if no request holds it (for expiry). */
    boolean tryEnter() {
        return lock.tryLock();
    }

    public void leave() {
        lastUsedNanos = System.nanoTime();
        lock.unlock();
    }

    boolean busy() {
        return lock.isLocked();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    /** The upstream statement now running, for cancel and timeouts; waits for a kill under way. */
    public void running(Statement statement) {
        killLock.lock();
        try {
            this.running = statement;
        } finally {
            killLock.unlock();
        }
    }

    /**
     * Stops the running upstream statement, if any, with KILL QUERY from another connection:
     * Connector/J's own cancel does nothing once a streaming result has started to arrive.
     */
    public boolean cancel() {
        return cancelIf(() -> true);
    }

    /**
     * Stops {@code statement} only if it is still the one running: a timeout that fires as its
     * statement ends must not stop the session's next one. The next statement cannot start
     * while the kill is under way.
     */
    public boolean cancel(Statement statement) {
        return cancelIf(() -> running == statement);
    }

    /**
     * Stops the running statement if {@code wanted} still holds, asked while no statement can
     * start or end.
     */
    public boolean cancelIf(BooleanSupplier wanted) {
        killLock.lock();
        try {
            if (running == null || !wanted.getAsBoolean()) {
                return false;
            }
            killer.killQuery(connectionId);
            return true;
        } catch (SQLException e) {
            return false;
        } finally {
            killLock.unlock();
        }
    }

    /** The connection failed: the session cannot continue (its transaction is gone). */
    public void markBroken() {
        broken = true;
    }

    public boolean usable() {
        return !closed && !broken;
    }

    public boolean closed() {
        return closed;
    }

    /** Rolls back what is open and returns the connection to the pool. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancel();
        try {
            if (!broken && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is returned (and reset by the pool) anyway
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }
}
