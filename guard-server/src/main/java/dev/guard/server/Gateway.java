package dev.guard.server;

import dev.guard.policy.Policy;
import dev.guard.server.exec.ApprovalStore;
import dev.guard.server.exec.GuardEngine;
import dev.guard.server.exec.StatementService;
import dev.guard.server.http.GatewayHandler;
import dev.guard.server.http.GatewayServer;
import dev.guard.server.identity.Authenticator;
import dev.guard.server.session.SessionManager;
import dev.guard.server.upstream.Upstream;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the upstream pool, the policy engine over the live catalog, the sessions,
 * the statement path and the HTTP/2 server in front of them. {@link #close()} stops it
 * gracefully: running statements get a grace period, then are cancelled; sessions roll back.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** Everything a gateway needs, validated by the configuration loader (or a test). */
    public record Settings(String host, int port, KeyStore keyStore, char[] keyStorePassword,
                           String upstreamUrl, String upstreamUser, String upstreamPassword, int poolSize,
                           Duration connectTimeout, Policy policy, Authenticator authenticator,
                           Duration idleTimeout, int maxSessions, int maxStatementChars, int maxRequestBytes,
                           byte[] hashKey, Duration stopGrace) {}

    private final Upstream upstream;
    private final SessionManager sessions;
    private final GatewayServer server;
    private final ScheduledExecutorService timers;
    private final GatewayHandler handler;
    private final Duration stopGrace;
    private final ApprovalStore approvals = new ApprovalStore();
    private volatile boolean closed;

    private Gateway(Settings s) throws Exception {
        this.stopGrace = s.stopGrace();
        this.upstream = new Upstream(s.upstreamUrl(), s.upstreamUser(), s.upstreamPassword(), s.poolSize(), s.connectTimeout());
        try {
            GuardEngine engine = new GuardEngine(s.policy(), upstream, s.hashKey());
            this.sessions = new SessionManager(upstream, s.idleTimeout(), s.maxSessions());
            // The statement-timeout watchdog and the stop grace period.
            this.timers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "guard-timers");
                t.setDaemon(true);
                return t;
            });
            List<String> secrets = new ArrayList<>();
            secrets.add(s.upstreamPassword());
            StatementService statements = new StatementService(engine, sessions, upstream, approvals,
                    s.maxStatementChars(), timers, secrets);
            this.handler = new GatewayHandler(s.authenticator(), sessions, statements, upstream, s.maxRequestBytes());
            this.server = new GatewayServer(s.host(), s.port(), s.keyStore(), s.keyStorePassword(), handler,
                    s.stopGrace().toMillis() * 2);
        } catch (Exception | Error e) {
            upstream.close();
            throw e;
        }
    }

    /** Builds and starts a gateway; the database must be reachable to read its catalog. */
    public static Gateway start(Settings s) throws Exception {
        Gateway g = new Gateway(s);
        try {
            g.server.start();
        } catch (Exception e) {
            g.close();
            throw e;
        }
        LOG.info("Guard listens on {} ({})", g.server.address(), s.keyStore() == null ? "h2c" : "h2 over TLS");
        return g;
    }

    public int port() {
        return server.port();
    }

    public ApprovalStore approvals() {
        return approvals;
    }

    public SessionManager sessions() {
        return sessions;
    }

    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // New requests are refused; running statements get the grace period, then are cancelled;
            // only then does the HTTP server stop (it would reset streams still in flight).
            handler.refuseNewRequests();
            if (!drained(stopGrace)) {
                LOG.info("statements still running after the stop grace of {}: cancelling them", stopGrace);
                sessions.cancelAll();
                drained(CANCEL_WAIT);
            }
            server.close();
        } finally {
            sessions.close();
            timers.shutdownNow();
            upstream.close();
        }
    }

    /** How long cancelled statements may take to report their end before the server stops anyway. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    /** Waits until no request holds a session, at most {@code limit}; whether that happened. */
    private boolean drained(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (sessions.anyBusy()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    public void join() throws InterruptedException {
        server.join();
    }
}
