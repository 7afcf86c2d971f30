package dev.guard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shipped jar: self-contained, protocol classes relocated, registered as a java.sql.Driver. */
class ShadedJarIT {

    private static final Path JAR = Path.of("target", "guard-jdbc.jar");

    @Test
    void containsTheDriverAndTheRelocatedProtocolOnly() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names).contains("dev/guard/jdbc/GuardDriver.class",
                    "dev/guard/jdbc/internal/protocol/FrameReader.class",
                    "dev/guard/jdbc/internal/protocol/Request$Execute.class");
            assertThat(names).noneMatch(n -> n.startsWith("dev/guard/protocol/"));
            assertThat(names).allMatch(n -> n.startsWith("dev/guard/jdbc/") || n.startsWith("META-INF/")
                    || n.equals("dev/") || n.equals("dev/guard/"));
            JarEntry services = jar.getJarEntry("META-INF/services/java.sql.Driver");
            assertThat(services).isNotNull();
            assertThat(new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo("dev.guard.jdbc.GuardDriver");
        }
    }

    @Test
    void loadsAloneThroughServiceLoader() throws Exception {
        // Only the jar and the JDK: no guard-protocol, no test classes.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = ServiceLoader.load(Driver.class, loader).stream()
                    .filter(p -> p.type().getName().equals("dev.guard.jdbc.GuardDriver"))
                    .findFirst().orElseThrow().get();
            assertThat(driver.getClass().getClassLoader()).isSameAs(loader);
            assertThat(driver.acceptsURL("jdbc:guard://h:1/x")).isTrue();
            assertThat(driver.getMajorVersion()).isGreaterThanOrEqualTo(0);
            Properties p = new Properties();
            p.setProperty("token", "t");
            // The shaded jar against the real gateway runs in guard-server's integration tests.
            assertThatThrownBy(() -> driver.connect("jdbc:guard://127.0.0.1:1/x?plaintext=true", p))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08S01"));
        }
        assertThat(Files.size(JAR)).isLessThan(1024 * 1024);
    }
}
