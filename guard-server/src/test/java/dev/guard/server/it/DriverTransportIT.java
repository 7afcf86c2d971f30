package dev.guard.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.guard.server.Gateway;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connecting to real gateways: TLS trust (PEM certificate, trust store), cleartext against TLS,
 * nothing listening, a server that is not Guard, an HTTP/1.1-only proxy, the network timeout,
 * a token file rotated in place, a gateway restart, and the shipped shaded jar.
 */
class DriverTransportIT {

    /** A second token that proves alice, for rotation. */
    static final String ALICE_ROTATED = "rotated-token-of-alice-5b2d";

    @TempDir
    static Path dir;
    static Path certificate;
    static Path trustStore;
    static ContractFixture contract;
    /** Cleartext, with both of alice's tokens. */
    static Gateway gateway;
    static Gateway tls;

    @BeforeAll
    static void start() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        certificate = dir.resolve("server.pem");
        trustStore = dir.resolve("trust.p12");
        Gateways.keytool("-genkeypair", "-alias", "guard", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "changeit-123", "-keypass", "changeit-123");
        Gateways.keytool("-exportcert", "-rfc", "-alias", "guard", "-keystore", keyStore.toString(), "-storepass", "changeit-123",
                "-file", certificate.toString());
        Gateways.keytool("-importcert", "-noprompt", "-alias", "guard", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", "trust-SECRET");
        assertThat(Files.readString(certificate)).startsWith("-----BEGIN CERTIFICATE-----");
        contract = new ContractFixture();
        try {
            Gateways.bulkReportRows(contract);
            gateway = Gateway.start(Gateways.settings(contract, 0, null, Gateways.tokens(Map.of(ALICE_ROTATED, "alice")), null, null));
            char[] password = "changeit-123".toCharArray();
            tls = Gateway.start(Gateways.settings(contract, 0, null, null, KeyStore.getInstance(keyStore.toFile(), password), password));
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (Gateway g : new Gateway[] {gateway, tls}) {
                if (g != null) {
                    g.close();
                }
            }
        } finally {
            contract.close();
        }
    }

    static String tlsUrl(String query) {
        return "jdbc:guard://127.0.0.1:" + tls.port() + "/" + contract.schema("shop") + (query.isEmpty() ? "" : "?" + query);
    }

    static String everything(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }

    static Properties token(String user) {
        Properties p = new Properties();
        p.setProperty("token", ContractFixture.tokenOf(user));
        return p;
    }

    // ---- TLS

    @Test
    void tlsTrustingAPemServerCertificate() throws Exception {
        String url = tlsUrl("serverCertificate=" + certificate + "&token=" + ContractFixture.tokenOf("ingest-bot"));
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email FROM customers WHERE id = 1")) {
            assertThat(c.isValid(5)).isTrue();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("****@example.com");
            assertThat(c.getMetaData().getURL()).doesNotContain(ContractFixture.tokenOf("ingest-bot"));
        }
    }

    @Test
    void tlsWithATrustStoreWhoseTypeIsDetected() throws Exception {
        Properties p = token("ingest-bot");
        p.setProperty("trustStore", trustStore.toString());
        p.setProperty("trustStorePassword", "trust-SECRET");
        try (Connection c = DriverManager.getConnection(tlsUrl(""), p)) {
            assertThat(c.getCatalog()).isEqualTo(contract.schema("shop"));
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void anUntrustedCertificateIsANonTransientFailureThatShowsNoSecret() {
        String secret = "tk-SECRET-" + ContractFixture.tokenOf("ingest-bot");
        assertThatThrownBy(() -> DriverManager.getConnection(tlsUrl("token=" + secret)))
                .isInstanceOfSatisfying(SQLNonTransientConnectionException.class, e -> {
                    assertThat(e.getMessage()).startsWith("TLS with Guard at 127.0.0.1:" + tls.port() + " failed");
                    assertThat(e.getSQLState()).isEqualTo("08001");
                    assertThat(everything(e)).doesNotContain(secret);
                });
    }

    @Test
    void aWrongTrustStorePasswordIsReportedWithoutIt() {
        assertThatThrownBy(() -> DriverManager.getConnection(tlsUrl("token=t&trustStore=" + trustStore
                + "&trustStorePassword=wrong-SECRET")))
                .isInstanceOfSatisfying(SQLNonTransientConnectionException.class, e -> {
                    assertThat(e.getMessage()).contains("cannot load the trustStore");
                    assertThat(e.getSQLState()).isEqualTo("08001");
                    assertThat(everything(e)).doesNotContain("wrong-SECRET");
                });
    }

    @Test
    void cleartextToATlsGatewayFailsAsAConnectionError() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> DriverManager.getConnection(tlsUrl("plaintext=true&connectTimeout=5000"), token("ingest-bot")))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).startsWith("08");
                    assertThat(everything(e)).doesNotContain(ContractFixture.tokenOf("ingest-bot"));
                });
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
    }

    // ---- not reaching Guard

    @Test
    void nothingListeningIsTransient08S01AndShowsNoSecret() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("password", "pw-SECRET");
        String url = "jdbc:guard://127.0.0.1:" + port + "/shop?plaintext=true&token=tk-SECRET&trustStorePassword=ts-SECRET";
        assertThatThrownBy(() -> DriverManager.getConnection(url, p))
                .isInstanceOfSatisfying(SQLTransientConnectionException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Guard at 127.0.0.1:" + port + " is unreachable: connection refused");
                    assertThat(e.getSQLState()).isEqualTo("08S01");
                    assertThat(everything(e)).doesNotContain("SECRET");
                });
    }

    @Test
    void anHttpServerThatIsNotGuardIsRefused() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> answer(exchange, 200, "hello"));
        other.createContext("/missing", exchange -> answer(exchange, 404, "not found"));
        other.start();
        try {
            String base = "jdbc:guard://127.0.0.1:" + other.getAddress().getPort();
            assertThatThrownBy(() -> DriverManager.getConnection(base + "/shop?plaintext=true&token=tk-SECRET"))
                    .isInstanceOfSatisfying(SQLNonTransientConnectionException.class, e -> {
                        assertThat(e.getMessage()).contains("is not a Guard server (GET /v1/hello answered 200)");
                        assertThat(e.getSQLState()).isEqualTo("08001");
                        assertThat(everything(e)).doesNotContain("tk-SECRET");
                    });
        } finally {
            other.stop(0);
        }
        HttpServer notFound = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notFound.createContext("/", exchange -> answer(exchange, 404, "not found"));
        notFound.start();
        try {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:guard://127.0.0.1:" + notFound.getAddress().getPort()
                    + "/shop?plaintext=true&token=t"))
                    .isInstanceOf(SQLNonTransientConnectionException.class)
                    .hasMessageContaining("is not a Guard server (GET /v1/hello answered 404)");
        } finally {
            notFound.stop(0);
        }
    }

    @Test
    void anHttp11OnlyProxyInFrontOfTheGatewayIsRefused() throws Exception {
        // A proxy that speaks only HTTP/1.1 and forwards to the real gateway: the answer is Guard's
        // ("guard 1"), but not over HTTP/2.
        HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger forwarded = new AtomicInteger();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            try {
                HttpResponse<String> r = upstream.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                        + exchange.getRequestURI())).GET().build(), HttpResponse.BodyHandlers.ofString());
                forwarded.incrementAndGet();
                answer(exchange, r.statusCode(), r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 502, "interrupted");
            }
        });
        proxy.start();
        try {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:guard://127.0.0.1:" + proxy.getAddress().getPort()
                    + "/" + contract.schema("shop") + "?plaintext=true", token("ingest-bot")))
                    .isInstanceOfSatisfying(SQLNonTransientConnectionException.class, e -> {
                        assertThat(e.getMessage()).contains("answered over HTTP/1.1");
                        assertThat(e.getSQLState()).isEqualTo("08001");
                    });
            assertThat(forwarded.get()).isPositive();
        } finally {
            proxy.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, b.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(b);
        }
    }

    // ---- timeouts, credentials, restarts

    @Test
    void theNetworkTimeoutBoundsARequestAndClosingStopsTheStatement() throws Exception {
        Connection c = DriverManager.getConnection(Gateways.url(contract, gateway, "staging"), token("alice"));
        try (Statement st = c.createStatement()) {
            c.setNetworkTimeout(Runnable::run, 200);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> st.executeQuery(
                    "SELECT COUNT(*) FROM report_rows a, report_rows b, report_rows netc WHERE a.id + b.id + netc.id > 0"))
                    .isInstanceOfSatisfying(SQLTransientConnectionException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("08S01");
                        assertThat(e.getMessage()).contains("did not answer within 200 ms");
                    });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
            // The driver gave up on the request and reset its stream: the gateway stops the query.
            assertThat(Gateways.stopsRunning(contract, "report_rows netc", Duration.ofSeconds(5))).isTrue();
        } finally {
            c.close();
        }
    }

    @Test
    void aTokenFileRotatedInPlaceIsReadBeforeEachRequest(@TempDir Path tokens) throws Exception {
        Path file = tokens.resolve("token");
        write(file, ContractFixture.tokenOf("alice"), "2030-01-01T00:00:00Z");
        try (Connection c = DriverManager.getConnection(Gateways.url(contract, gateway, "staging") + "&tokenFile=" + file);
             Statement st = c.createStatement()) {
            assertThat(c.getMetaData().getUserName()).isEqualTo("alice");
            write(file, ALICE_ROTATED, "2030-01-01T01:00:00Z");
            assertThat(st.executeQuery("SELECT 1").next()).isTrue();
            // A token the gateway does not know: the file really is read again for this request.
            write(file, "  revoked-token-SECRET\n", "2030-01-01T02:00:00Z");
            assertThatThrownBy(() -> st.executeQuery("SELECT 2")).isInstanceOfSatisfying(SQLInvalidAuthorizationSpecException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("28000");
                assertThat(everything(e)).doesNotContain("revoked-token-SECRET");
            });
            assertThat(c.isClosed()).isFalse();
            write(file, ALICE_ROTATED + "\n", "2030-01-01T03:00:00Z");
            try (ResultSet rs = st.executeQuery("SELECT 3")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
            assertThat(c.toString()).doesNotContain(ALICE_ROTATED);
        }
    }

    private static void write(Path file, String token, String modified) throws IOException {
        Files.writeString(file, token);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(modified)));
    }

    @Test
    void aGatewayRestartEndsTheSessionAndLeavesTheConnectionClosed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Gateway first = Gateway.start(Gateways.settings(contract, port, null, null, null, null));
        String url = Gateways.url(contract, first, "staging");
        Connection c1;
        Connection c2;
        try {
            c1 = DriverManager.getConnection(url, token("alice"));
            c2 = DriverManager.getConnection(url, token("alice"));
            assertThat(c1.isValid(2)).isTrue();
        } finally {
            first.close();
        }
        try (Gateway second = Gateway.start(Gateways.settings(contract, port, null, null, null, null))) {
            assertThatThrownBy(() -> c1.createStatement().executeQuery("SELECT 1"))
                    .isInstanceOfSatisfying(SQLNonTransientConnectionException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"));
            assertThat(c1.isClosed()).isTrue();
            assertThat(c1.isValid(1)).isFalse();

            Statement batch = c2.createStatement();
            batch.addBatch("INSERT INTO report_rows (report) VALUES ('after-restart')");
            assertThatThrownBy(batch::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("08003");
                assertThat((Throwable) e.getNextException()).isInstanceOf(SQLNonTransientConnectionException.class);
                assertThat(e.getUpdateCounts()).isEmpty();
            });
            assertThat(c2.isClosed()).isTrue();
            // A new connection to the restarted gateway works.
            try (Connection c3 = DriverManager.getConnection(Gateways.url(contract, second, "staging"), token("alice"));
                 Statement st = c3.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM report_rows WHERE report = 'after-restart'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isZero();
            }
            c1.close();
            c2.close();
        }
    }

    // ---- the shipped jar

    @Test
    void theShadedJarAloneTalksToTheGateway() throws Exception {
        Path jar = Path.of("..", "guard-jdbc", "target", "guard-jdbc.jar");
        assertThat(jar).as("build guard-jdbc first (mvn install)").exists();
        // Only the jar and the JDK: no guard-protocol, no test classes.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = ServiceLoader.load(Driver.class, loader).stream()
                    .filter(p -> p.type().getName().equals("dev.guard.jdbc.GuardDriver"))
                    .findFirst().orElseThrow().get();
            assertThat(driver.getClass().getClassLoader()).isSameAs(loader);
            try (Connection c = driver.connect(Gateways.url(contract, gateway, "staging"), token("alice"))) {
                assertThat(c.getClass().getClassLoader()).isSameAs(loader);
                try (Statement st = c.createStatement()) {
                    assertThat(st.executeUpdate("INSERT INTO report_rows (report) VALUES ('shaded-jar')")).isEqualTo(1);
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM report_rows WHERE report = 'shaded-jar'")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(1);
                    }
                }
                assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("MySQL");
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            assertThatThrownBy(() -> driver.connect("jdbc:guard://127.0.0.1:" + port + "/x?plaintext=true", token("alice")))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08S01"));
        }
    }
}
