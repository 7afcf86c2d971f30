package dev.guard.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar guard.jar serve} as an operator runs it, stopped with SIGTERM while a
 * transaction is open and a statement runs: the statement goes on for {@code stop_grace}, is then cancelled,
 * the open transaction rolls back, and the process exits.
 */
class ServeProcessIT {

    static ContractFixture contract;
    static Path dir;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        contract = new ContractFixture();
        Gateways.bulkReportRows(contract);
        Files.writeString(dir.resolve("policy.yaml"), contract.map(Files.readString(ContractFixture.CONTRACT.resolve("policy.yaml"))));
    }

    @AfterAll
    static void stop() throws Exception {
        contract.close();
    }

    private static Process serve(int port) throws Exception {
        String hash = HexFormat.of().formatHex(dev.guard.server.identity.StaticTokens.sha256(ContractFixture.tokenOf("alice")));
        Files.writeString(dir.resolve("guard.yaml"), """
                server:
                  listen: 127.0.0.1:%d
                  stop_grace: 3s
                upstream:
                  url: %s
                  user: %s
                  password: ${env:GUARD_MYSQL_PASSWORD}
                policy: policy.yaml
                identity:
                  static_tokens:
                    - token_sha256: %s
                      user: alice
                      groups: [dba]
                """.formatted(port, Database.serverUrl(), contract.gatewayUser, hash));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("target", "guard.jar").toAbsolutePath().toString(), "serve", "--config", dir.resolve("guard.yaml").toString());
        pb.environment().put("GUARD_MYSQL_PASSWORD", contract.gatewayPassword);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile());
        Process p = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("guard serve did not become healthy: " + Files.readString(dir.resolve("serve.log")));
    }

    private static long count(String where) throws SQLException {
        try (Connection admin = Database.admin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + contract.schema("staging") + ".report_rows WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Connections of the gateway's account the database still has, after a moment to notice closed ones. */
    private static long connectionsLeft() throws Exception {
        long n = -1;
        for (int i = 0; i < 50 && n != 0; i++) {
            try (Connection admin = Database.admin(); Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '"
                         + contract.gatewayUser + "'")) {
                rs.next();
                n = rs.getLong(1);
            }
            if (n != 0) {
                Thread.sleep(100);
            }
        }
        return n;
    }

    @Test
    void sigtermCancelsWhatRunsAfterTheGraceRollsBackAndExits() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process serve = serve(port);
        try {
            Properties props = new Properties();
            props.setProperty("token", ContractFixture.tokenOf("alice"));
            Connection c = DriverManager.getConnection("jdbc:guard://127.0.0.1:" + port + "/" + contract.schema("staging")
                    + "?plaintext=true", props);
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("INSERT INTO report_rows (report) VALUES ('uncommitted at sigterm')")).isEqualTo(1);
            }
            CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(DriverStreamingIT.SLOW)) {
                    return rs.next();
                } catch (SQLException e) {
                    return e;
                }
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Gateways.running(contract, "report_rows c").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(Gateways.running(contract, "report_rows c")).hasSize(1);

            long t0 = System.nanoTime();
            serve.destroy(); // SIGTERM
            Thread.sleep(1000);
            assertThat(serve.isAlive()).isTrue();
            assertThat(slow).as("the statement runs on during the grace period").isNotDone();
            assertThat(Gateways.running(contract, "report_rows c")).hasSize(1);
            // Meanwhile the gateway is no longer ready, and refuses new work with a reason.
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:guard://127.0.0.1:" + port + "/?plaintext=true", props))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Guard is stopping");
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("guard serve exits after SIGTERM").isTrue();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            // The statement ran through the 3 s grace period (the configured one: the default is 10 s),
            // was then cancelled, and the caller was told so.
            assertThat(tookMillis).as(Files.readString(dir.resolve("serve.log"))).isBetween(2_900L, 9_000L);
            assertThat(slow.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("70100");
                assertThat(e.getErrorCode()).isEqualTo(1317);
            });
            assertThat(Gateways.stopsRunning(contract, "report_rows c", Duration.ofSeconds(5))).isTrue();
            // The open transaction rolled back; the gateway left no connection behind.
            assertThat(count("report = 'uncommitted at sigterm'")).isZero();
            assertThat(connectionsLeft()).isZero();
            String log = Files.readString(dir.resolve("serve.log"));
            assertThat(log).contains("stopping").doesNotContain(contract.gatewayPassword);
            c.close();
        } finally {
            serve.destroyForcibly();
        }
    }
}
