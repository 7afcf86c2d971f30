package dev.guard.server.session;

import dev.guard.policy.Caller;
import dev.guard.server.upstream.Upstream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The live sessions: opened against the pool, found by id and owner, expired when idle. */
public final class SessionManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Opening was refused because the server holds as many sessions as it may. */
    public static final class TooManySessions extends Exception {
        TooManySessions(int max) {
            super("the gateway already holds its maximum of " + max + " sessions; close idle connections or try later", null, false, false);
        }
    }

    private final Upstream upstream;
    private final Duration idleTimeout;
    private final int maxSessions;
    private final Map<String, GuardSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "guard-session-reaper");
        t.setDaemon(true);
        return t;
    });

    public SessionManager(Upstream upstream, Duration idleTimeout, int maxSessions) {
        this.upstream = upstream;
        this.idleTimeout = idleTimeout;
        this.maxSessions = maxSessions;
        long every = Math.max(200, Math.min(10_000, idleTimeout.toMillis() / 4));
        reaper.scheduleWithFixedDelay(this::expireIdle, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens a session pinned to a fresh pooled connection, with {@code schema} current (may be null). */
    public GuardSession open(Caller caller, String schema) throws SQLException, TooManySessions {
        if (sessions.size() >= maxSessions) {
            throw new TooManySessions(maxSessions);
        }
        try {
            return openOn(upstream.borrow(), caller, schema);
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
                throw e;
            }
            // A pooled connection that died while idle (a database restart, say): its idle peers died with
            // it. Drop them all; one more try gets a fresh connection if the database is back.
            upstream.evictIdleConnections();
            return openOn(upstream.borrow(), caller, schema);
        }
    }

    private GuardSession openOn(Connection c, Caller caller, String schema) throws SQLException {
        try {
            if (schema != null) {
                c.setCatalog(schema);
            }
            String sqlMode;
            long connectionId;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode, CONNECTION_ID()")) {
                rs.next();
                sqlMode = rs.getString(1);
                connectionId = rs.getLong(2);
            }
            byte[] raw = new byte[18];
            RANDOM.nextBytes(raw);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            GuardSession s = new GuardSession(id, caller, c, schema, sqlMode == null ? "" : sqlMode, connectionId,
                    upstream::killQuery);
            sessions.put(id, s);
            return s;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The session with this id if it belongs to this caller; empty otherwise (no hint which). */
    public Optional<GuardSession> find(String id, Caller caller) {
        GuardSession s = id == null ? null : sessions.get(id);
        if (s == null || !s.caller().equals(caller) || s.closed()) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public void close(GuardSession s) {
        sessions.remove(s.id(), s);
        s.close();
    }

    public int size() {
        return sessions.size();
    }

    private void expireIdle() {
        long limit = idleTimeout.toNanos();
        for (GuardSession s : sessions.values()) {
            if (s.idleNanos() > limit && s.tryEnter()) {
                try {
                    if (s.idleNanos() > limit) {
                        LOG.info("session {} of {} expired after {} idle; rolled back", s.id(), s.caller().user(), idleTimeout);
                        close(s);
                    }
                } finally {
                    s.leave();
                }
            }
        }
    }

    /** Whether some request holds a session now (a statement runs, or its answer is being written). */
    public boolean anyBusy() {
        for (GuardSession s : sessions.values()) {
            if (s.busy()) {
                return true;
            }
        }
        return false;
    }

    /** Cancels every running statement (sessions stay open). */
    public void cancelAll() {
        for (GuardSession s : sessions.values()) {
            s.cancel();
        }
    }

    /** Cancels running statements and rolls back every session. */
    @Override
    public void close() {
        reaper.shutdownNow();
        for (GuardSession s : sessions.values()) {
            close(s);
        }
    }
}
