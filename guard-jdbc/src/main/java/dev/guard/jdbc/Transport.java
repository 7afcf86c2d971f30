package dev.guard.jdbc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTP/2 to one Guard server, for one Connection: its own {@link HttpClient} (so one
 * connection's unread result cannot stall another's through shared HTTP/2 flow control, and
 * closing a Connection closes its TCP connection), on a driver-wide pool of daemon platform threads.
 *
 * <p>Cleartext (h2c): the JDK client upgrades to HTTP/2 only on a request without a body and
 * has no prior-knowledge mode, so the first request is {@code GET /v1/hello}; the POSTs that
 * follow reuse the upgraded connection. If that connection is lost, the next request says
 * hello again first.
 */
final class Transport {

    static final String CONTENT_TYPE = "application/vnd.guard.v1";

    private static final System.Logger LOG = System.getLogger("dev.guard.jdbc");
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(new DaemonThreads());
    /** {@code HttpClient.shutdown()} on Java 21+, to release the connection at once; null on 17 (the GC does it). */
    private static final MethodHandle SHUTDOWN = findShutdown();

    private final ConnectionConfig config;
    private final HttpClient client;
    private final String base;
    /** Cleartext only: false until a hello came back over HTTP/2, and again after a connection failure. */
    private volatile boolean upgraded;

    Transport(ConnectionConfig config) throws SQLException {
        this.config = config;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(EXECUTOR);
        if (config.connectTimeoutMillis() > 0) {
            b.connectTimeout(Duration.ofMillis(config.connectTimeoutMillis()));
        }
        if (!config.plaintext() && !config.trust().isDefault()) {
            b.sslContext(sslContext(config.trust()));
        }
        this.client = b.build();
        String host = config.host().indexOf(':') >= 0 ? "[" + config.host() + "]" : config.host();
        this.base = (config.plaintext() ? "http://" : "https://") + host + ":" + config.port();
    }

    String where() {
        return config.where();
    }

    /**
     * {@code GET /v1/hello}: checks that a Guard server speaking protocol 1 answers, over HTTP/2
     * (on cleartext this request performs the h2c upgrade).
     */
    void hello() throws SQLException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/hello")).GET();
        if (config.connectTimeoutMillis() > 0) {
            b.timeout(Duration.ofMillis(config.connectTimeoutMillis()));
        }
        HttpResponse<InputStream> response = send(b.build(), config.connectTimeoutMillis());
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readNBytes(256), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw failure(e, config.connectTimeoutMillis());
        }
        if (response.statusCode() != 200 || !text.startsWith("guard ")) {
            throw new SQLNonTransientConnectionException("the server at " + where() + " is not a Guard server (GET /v1/hello answered "
                    + response.statusCode() + ")", "08001");
        }
        if (!(" " + text + " ").contains(" 1 ")) {
            throw new SQLNonTransientConnectionException("Guard at " + where() + " speaks protocol version(s) "
                    + text.substring(6) + "; this driver speaks 1", "08001");
        }
        if (response.version() != HttpClient.Version.HTTP_2) {
            throw new SQLNonTransientConnectionException("Guard at " + where() + " answered over HTTP/1.1; the driver needs HTTP/2 ("
                    + (config.plaintext() ? "cleartext h2c upgrade" : "TLS with ALPN h2") + ")", "08001");
        }
        upgraded = true;
    }

    /** POSTs a request body; the response is read frame by frame by the caller. */
    FrameStream post(String path, byte[] body, long timeoutMillis) throws SQLException {
        return exchange(path, body, timeoutMillis, true);
    }

    /** DELETEs a resource (the session). */
    FrameStream delete(String path, long timeoutMillis) throws SQLException {
        return exchange(path, null, timeoutMillis, true);
    }

    private FrameStream exchange(String path, byte[] body, long timeoutMillis, boolean mayRetry) throws SQLException {
        if (config.plaintext() && !upgraded) {
            synchronized (this) {
                if (!upgraded) {
                    hello();
                }
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + config.token().current())
                .header("Accept", CONTENT_TYPE);
        if (body != null) {
            b.header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.DELETE();
        }
        if (timeoutMillis > 0) {
            b.timeout(Duration.ofMillis(timeoutMillis));
        }
        HttpResponse<InputStream> response = send(b.build(), timeoutMillis);
        boolean guardAnswer = response.headers().firstValue("Content-Type").map(t -> t.startsWith(CONTENT_TYPE)).orElse(false);
        if (response.version() != HttpClient.Version.HTTP_2 && config.plaintext()) {
            // The h2c connection was lost and this request went out as HTTP/1.1: upgrade again
            // before the next one; if the server refused it, nothing ran, so send it once more.
            upgraded = false;
            if (!guardAnswer && response.statusCode() != 200 && mayRetry) {
                closeQuietly(response.body());
                return exchange(path, body, timeoutMillis, false);
            }
        }
        if (response.statusCode() != 200 && !guardAnswer) {
            closeQuietly(response.body());
            throw statusFailure(response.statusCode());
        }
        return new FrameStream(response.body(), this);
    }

    private HttpResponse<InputStream> send(HttpRequest request, long timeoutMillis) throws SQLException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            upgraded = false;
            throw failure(e, timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for Guard at " + where(), "70100");
        }
    }

    private SQLException statusFailure(int status) {
        String what = "Guard at " + where() + " answered HTTP " + status + " without a protocol message";
        if (status == 401 || status == 403) {
            return new SQLInvalidAuthorizationSpecException(what + ": the credential was refused", "28000");
        }
        if (status == 502 || status == 503 || status == 504) {
            return new SQLTransientConnectionException(what + ": unavailable", "08S01");
        }
        return new SQLNonTransientConnectionException(what, "08P01");
    }

    /** Maps a transport failure: TLS problems are not transient (08001), the rest are (08S01). */
    SQLException failure(IOException e, long timeoutMillis) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new SQLNonTransientConnectionException("TLS with Guard at " + where() + " failed: " + describe(t)
                        + " (check the trustStore or serverCertificate property, and that the server speaks TLS;"
                        + " plaintext=true is for cleartext h2c)", "08001", e);
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new SQLTransientConnectionException("Guard at " + where() + " is unreachable: no connection within "
                    + config.connectTimeoutMillis() + " ms", "08S01", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new SQLTransientConnectionException("Guard at " + where() + " did not answer within " + timeoutMillis
                    + " ms", "08S01", e);
        }
        if (e instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) {
            return new SQLTransientConnectionException("Guard at " + where() + " is unreachable: "
                    + (e.getCause() instanceof UnresolvedAddressException ? "unknown host" : "connection refused"), "08S01", e);
        }
        if (e instanceof EOFException) {
            return new SQLTransientConnectionException("the connection to Guard at " + where() + " ended in the middle of a response",
                    "08S01", e);
        }
        return new SQLTransientConnectionException("Guard at " + where() + " is unreachable: " + describe(e), "08S01", e);
    }

    SQLException malformed(IOException e) {
        return new SQLNonTransientConnectionException("Guard at " + where() + " sent a malformed response: " + e.getMessage(),
                "08P01", e);
    }

    SQLException endedEarly() {
        return new SQLTransientConnectionException("the response from Guard at " + where() + " ended before its last frame",
                "08S01");
    }

    /** Lets go of the HTTP connection: at once on Java 21+, when unreachable on 17. */
    void release() {
        if (SHUTDOWN != null) {
            try {
                SHUTDOWN.invoke(client);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.DEBUG, "HttpClient shutdown failed", e);
            }
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private SSLContext sslContext(ConnectionConfig.Trust trust) throws SQLException {
        try {
            KeyStore store;
            if (trust.serverCertificate() != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                Collection<? extends Certificate> certs;
                try (InputStream in = java.nio.file.Files.newInputStream(trust.serverCertificate())) {
                    certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certs.isEmpty()) {
                    throw new SQLNonTransientConnectionException("the serverCertificate file " + trust.serverCertificate()
                            + " holds no certificate", "08001");
                }
                int i = 0;
                for (Certificate c : certs) {
                    store.setCertificateEntry("guard-" + i++, c);
                }
            } else {
                char[] password = trust.trustStorePassword() == null ? null : trust.trustStorePassword().toCharArray();
                if (trust.trustStoreType() == null) {
                    store = KeyStore.getInstance(trust.trustStore().toFile(), password);
                } else {
                    store = KeyStore.getInstance(trust.trustStoreType());
                    try (InputStream in = java.nio.file.Files.newInputStream(trust.trustStore())) {
                        store.load(in, password);
                    }
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            String what = trust.serverCertificate() != null ? "the serverCertificate file " + trust.serverCertificate()
                    : "the trustStore " + trust.trustStore();
            // Neither message nor cause may carry the password; key store errors name only the file.
            throw new SQLNonTransientConnectionException("cannot load " + what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), "08001");
        }
    }

    private static MethodHandle findShutdown() {
        try {
            return MethodHandles.publicLookup().findVirtual(HttpClient.class, "shutdown", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Daemon platform threads (never virtual: the driver runs on Java 17), so an agent's JVM can exit. */
    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "guard-jdbc-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
