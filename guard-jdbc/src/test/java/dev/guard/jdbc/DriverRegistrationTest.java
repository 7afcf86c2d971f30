package dev.guard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DriverRegistrationTest {

    @Test
    void driverManagerFindsTheDriverThroughServiceLoader() throws SQLException {
        Driver d = DriverManager.getDriver("jdbc:guard://h:1/x");
        assertThat(d).isInstanceOf(GuardDriver.class);
        assertThat(ServiceLoader.load(Driver.class).stream().map(ServiceLoader.Provider::type))
                .contains(GuardDriver.class);
    }

    @Test
    void otherUrlsAreLeftToOtherDrivers() {
        assertThatThrownBy(() -> DriverManager.getDriver("jdbc:nosuch://h/x")).isInstanceOf(SQLException.class);
    }

    @Test
    void versionAndProperties() {
        GuardDriver d = new GuardDriver();
        assertThat(GuardDriver.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(d.getMajorVersion()).isEqualTo(Integer.parseInt(GuardDriver.VERSION.split("\\.")[0]));
        assertThat(d.jdbcCompliant()).isFalse();
        Properties info = new Properties();
        info.setProperty("token", "tk-SECRET");
        info.setProperty("plaintext", "true");
        DriverPropertyInfo[] props = d.getPropertyInfo("jdbc:guard://h:1/x", info);
        assertThat(Arrays.stream(props).map(p -> p.name)).contains("token", "tokenFile", "plaintext", "trustStore",
                "serverCertificate", "connectTimeout");
        assertThat(Arrays.stream(props).filter(p -> p.name.equals("token")).findFirst().orElseThrow().value).isNull();
        assertThat(Arrays.stream(props).filter(p -> p.name.equals("plaintext")).findFirst().orElseThrow().value)
                .isEqualTo("true");
        assertThat(d.getParentLogger().getName()).isEqualTo("dev.guard.jdbc");
    }
}
