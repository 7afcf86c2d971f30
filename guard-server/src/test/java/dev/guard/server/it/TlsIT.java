package dev.guard.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.server.Gateway;
import dev.guard.server.cli.ServeCommand;
import dev.guard.server.config.GuardConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as an operator runs it: from a configuration file (secrets from the
 * environment), over HTTP/2 with TLS, with a key pair made by the JDK's keytool; the driver
 * trusts the server's certificate and refuses one it does not trust.
 */
class TlsIT {

    static ContractFixture contract;
    static Gateway gateway;
    static Path dir;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        contract = new ContractFixture();
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "guard", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", dir.resolve("server.p12").toString(), "-storepass", "changeit-123")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        Files.writeString(dir.resolve("policy.yaml"), contract.map(Files.readString(ContractFixture.CONTRACT.resolve("policy.yaml"))));
        String hash = HexFormat.of().formatHex(dev.guard.server.identity.StaticTokens.sha256(ContractFixture.tokenOf("ingest-bot")));
        Files.writeString(dir.resolve("guard.yaml"), """
                server:
                  listen: 127.0.0.1:0
                  tls:
                    keystore: server.p12
                    keystore_password: ${env:GUARD_TLS_PASSWORD}
                upstream:
                  url: %s
                  user: %s
                  password: ${env:GUARD_MYSQL_PASSWORD}
                policy: policy.yaml
                identity:
                  static_tokens:
                    - token_sha256: %s
                      user: ingest-bot
                      groups: [ingestion, agents]
                """.formatted(Database.serverUrl(), contract.gatewayUser, hash));
        var config = GuardConfigLoader.load(dir.resolve("guard.yaml"),
                Map.of("GUARD_TLS_PASSWORD", "changeit-123", "GUARD_MYSQL_PASSWORD", contract.gatewayPassword));
        gateway = Gateway.start(ServeCommand.settings(config));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            gateway.close();
        } finally {
            contract.close();
        }
    }

    @Test
    void theDriverSpeaksHttp2OverTlsToAConfiguredGateway() throws Exception {
        Properties p = new Properties();
        p.setProperty("token", ContractFixture.tokenOf("ingest-bot"));
        p.setProperty("trustStore", dir.resolve("server.p12").toString());
        p.setProperty("trustStorePassword", "changeit-123");
        p.setProperty("trustStoreType", "PKCS12");
        String url = "jdbc:guard://127.0.0.1:" + gateway.port() + "/" + contract.schema("shop");
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email FROM customers WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("****@example.com");
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedAsAConnectionError() {
        Properties p = new Properties();
        p.setProperty("token", ContractFixture.tokenOf("ingest-bot"));
        String url = "jdbc:guard://127.0.0.1:" + gateway.port() + "/" + contract.schema("shop");
        assertThatThrownBy(() -> DriverManager.getConnection(url, p)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).startsWith("08"));
    }
}
