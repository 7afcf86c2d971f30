package dev.guard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionConfigTest {

    private static Properties props(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void readsHostPortSchemaAndProperties() throws SQLException {
        ConnectionConfig c = ConnectionConfig.parse("jdbc:guard://guard.internal:8443/shop?token=abc&connectTimeout=2500", null);
        assertThat(c.host()).isEqualTo("guard.internal");
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.schema()).isEqualTo("shop");
        assertThat(c.plaintext()).isFalse();
        assertThat(c.connectTimeoutMillis()).isEqualTo(2500);
        assertThat(c.token().current()).isEqualTo("abc");
        assertThat(c.trust().isDefault()).isTrue();
    }

    @Test
    void defaultsPortBySchemeAndAllowsNoSchema() throws SQLException {
        assertThat(ConnectionConfig.parse("jdbc:guard://h", props("token", "t")).port()).isEqualTo(443);
        ConnectionConfig plain = ConnectionConfig.parse("jdbc:guard://h/?plaintext=TRUE", props("token", "t"));
        assertThat(plain.port()).isEqualTo(80);
        assertThat(plain.plaintext()).isTrue();
        assertThat(plain.schema()).isNull();
        assertThat(plain.connectTimeoutMillis()).isEqualTo(10_000);
    }

    @Test
    void readsIpv6HostsAndPercentEncoding() throws SQLException {
        ConnectionConfig c = ConnectionConfig.parse("jdbc:guard://[::1]:7000/my%20db?token=a%2Bb%3Dc+d", null);
        assertThat(c.host()).isEqualTo("::1");
        assertThat(c.where()).isEqualTo("[::1]:7000");
        assertThat(c.schema()).isEqualTo("my db");
        assertThat(c.token().current()).isEqualTo("a+b=c+d");
    }

    @Test
    void urlPropertiesOverrideConnectProperties() throws SQLException {
        ConnectionConfig c = ConnectionConfig.parse("jdbc:guard://h:1/x?plaintext=true",
                props("plaintext", "false", "token", "from-props", "user", "ignored"));
        assertThat(c.plaintext()).isTrue();
        assertThat(c.token().current()).isEqualTo("from-props");
    }

    @Test
    void propertyNamesIgnoreCase() throws SQLException {
        ConnectionConfig c = ConnectionConfig.parse("jdbc:guard://h:1/x?PlainText=true&TOKEN=t", null);
        assertThat(c.plaintext()).isTrue();
        assertThat(c.token().current()).isEqualTo("t");
    }

    @Test
    void passwordIsTheTokenWhenNoTokenIsGiven() throws SQLException {
        ConnectionConfig c = ConnectionConfig.parse("jdbc:guard://h:1/x", props("user", "bob", "password", "pw-token"));
        assertThat(c.token().current()).isEqualTo("pw-token");
        ConnectionConfig both = ConnectionConfig.parse("jdbc:guard://h:1/x", props("password", "pw", "token", "tk"));
        assertThat(both.token().current()).isEqualTo("tk");
    }

    @Test
    void tokenFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "file-token\n");
        ConnectionConfig c = ConnectionConfig.parse("jdbc:guard://h:1/x?tokenFile=" + file, null);
        assertThat(c.token().current()).isEqualTo("file-token");
        assertThat(c.token().toString()).isEqualTo("file " + file);
    }

    @Test
    void noCredentialIsAnAuthorizationError() {
        assertThatThrownBy(() -> ConnectionConfig.parse("jdbc:guard://h:1/x", props("user", "bob")))
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessageContaining("token")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:guard:h:1/x", "jdbc:guard://", "jdbc:guard://:80/x", "jdbc:guard://h:port/x", "jdbc:guard://h:0/x",
        "jdbc:guard://h:70000/x", "jdbc:guard://h:1/a/b", "jdbc:guard://h h:1/x", "jdbc:guard://[::1/x",
        "jdbc:guard://h:1/x?plaintext=yes", "jdbc:guard://h:1/x?connectTimeout=-1", "jdbc:guard://h:1/%zz",
        "jdbc:guard://h:1/x?tokenFile=/a&token=b", "jdbc:guard://h:1/x?trustStore=/a&serverCertificate=/b",
        "jdbc:guard://bob:secret-pw@h:1/x"
    })
    void badUrlsFailWith08001AndAClearMessage(String url) {
        assertThatThrownBy(() -> ConnectionConfig.parse(url, props("token", "t")))
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessageStartingWith("invalid Guard URL ")
                .hasMessageNotContaining("secret-pw")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void secretsAreLeftOutOfTheSafeUrlAndToString() throws SQLException {
        ConnectionConfig c = ConnectionConfig.parse(
                "jdbc:guard://h:1/x?token=tk-SECRET&plaintext=false&trustStorePassword=ts-SECRET&password=pw-SECRET", null);
        assertThat(c.safeUrl()).isEqualTo("jdbc:guard://h:1/x?plaintext=false");
        assertThat(c.toString()).doesNotContain("SECRET");
        ConnectionConfig withPassword = ConnectionConfig.parse("jdbc:guard://h:1/x?trustStore=/tmp/ts.p12",
                props("token", "tk-SECRET", "trustStorePassword", "ts-SECRET"));
        assertThat(withPassword.toString()).doesNotContain("SECRET").contains("trustStorePassword=***");
        assertThat(ConnectionConfig.redact("jdbc:guard://h:1/x?TOKEN=a&to%6Ben=b&x=1")).isEqualTo("jdbc:guard://h:1/x?x=1");
    }

    @Test
    void acceptsOnlyGuardUrls() {
        GuardDriver driver = new GuardDriver();
        assertThat(driver.acceptsURL("jdbc:guard://h:1/x")).isTrue();
        assertThat(driver.acceptsURL("jdbc:mysql://h:3306/x")).isFalse();
        assertThat(driver.acceptsURL(null)).isFalse();
    }

    @Test
    void connectReturnsNullForOtherUrls() throws SQLException {
        assertThat(new GuardDriver().connect("jdbc:mysql://h:3306/x", props("token", "t"))).isNull();
    }
}
