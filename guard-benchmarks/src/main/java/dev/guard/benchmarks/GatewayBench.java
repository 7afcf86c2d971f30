package dev.guard.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Guard against direct Connector/J on the same database, in one run, targets alternating in
 * short blocks (this machine is shared and noisy: only ratios from one run mean anything).
 *
 * <ul>
 *   <li>point SELECT by primary key: median and p99 latency, and what Guard adds;</li>
 *   <li>a 1,000,000-row scan with two masked columns: rows per second, and the ratio;</li>
 *   <li>the gateway's heap while it streams 5,000,000 rows (sampled with jstat).</li>
 * </ul>
 *
 * The gateway runs as its own process ({@code java -jar guard.jar serve}), as a sidecar would.
 * Usage: {@code java -cp guard-benchmarks/target/benchmarks.jar dev.guard.benchmarks.GatewayBench [guard.jar]}.
 * Needs a MariaDB/MySQL at GUARD_BENCH_MYSQL_URL (default: root at 127.0.0.1:3306).
 */
public final class GatewayBench {

    private static final String ADMIN_URL = System.getenv().getOrDefault("GUARD_BENCH_MYSQL_URL",
            "jdbc:mysql://127.0.0.1:3306/?user=root&password=");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "guard-server/target/guard.jar");
        int pointQueries = Integer.getInteger("points", 20_000);
        long scanRows = Long.getLong("scanRows", 1_000_000L);
        long heapRows = Long.getLong("heapRows", 5_000_000L);
        String suffix = HexFormat.of().formatHex(random(3));
        String db = "gbench_" + suffix;
        String user = "gbench_gw_" + suffix;
        String password = "pw-" + HexFormat.of().formatHex(random(8));
        String token = "bench-token-" + HexFormat.of().formatHex(random(8));
        Path dir = Files.createTempDirectory("guard-bench");
        Process server = null;
        Process floor = null;
        try (Connection admin = DriverManager.getConnection(ADMIN_URL)) {
            setUp(admin, db, user, password, Math.max(scanRows, heapRows));
            Files.writeString(dir.resolve("policy.yaml"), """
                    version: 1
                    defaults: { max_rows: 100000000, statement_timeout: 1h }
                    rules:
                      - id: bench-read
                        effect: allow
                        subjects: { users: [bench] }
                        statements: [SELECT]
                        tables: ["%1$s.*"]
                    masking:
                      - id: bench-email
                        columns: [%1$s.people.email]
                        method: email
                      - id: bench-phone
                        columns: [%1$s.people.phone]
                        method: partial
                        keep_last: 2
                    """.formatted(db));
            Files.writeString(dir.resolve("guard.yaml"), """
                    server:
                      listen: 127.0.0.1:%d
                    upstream:
                      url: jdbc:mysql://127.0.0.1:3306/
                      user: %s
                      password: ${env:GUARD_MYSQL_PASSWORD}
                    policy: policy.yaml
                    identity:
                      static_tokens:
                        - token_sha256: %s
                          user: bench
                          groups: []
                    """.formatted(freePort(), user, HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))));
            int port = Integer.parseInt(Files.readString(dir.resolve("guard.yaml")).replaceAll("(?s).*listen: 127.0.0.1:(\\d+).*", "$1"));
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-XX:+UseG1GC"));
            String extra = System.getenv("GUARD_BENCH_SERVER_OPTS"); // e.g. a JFR recording
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve", "--config", dir.resolve("guard.yaml").toString()));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("GUARD_MYSQL_PASSWORD", password);
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
            server = pb.start();
            waitHealthy(port, server, dir, "/healthz", "server.log");
            int floorPort = freePort();
            List<String> floorCommand = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-XX:+UseG1GC", "-cp",
                    Path.of(GatewayBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                    FloorServer.class.getName(), String.valueOf(floorPort), "jdbc:mysql://127.0.0.1:3306/" + db, user));
            ProcessBuilder fb = new ProcessBuilder(floorCommand);
            fb.environment().put("GUARD_MYSQL_PASSWORD", password);
            fb.redirectErrorStream(true).redirectOutput(dir.resolve("floor.log").toFile());
            floor = fb.start();
            waitHealthy(floorPort, floor, dir, "/", "floor.log");

            String direct = "jdbc:mysql://127.0.0.1:3306/" + db + "?user=" + user + "&password=" + password
                    + "&useSSL=false&allowPublicKeyRetrieval=true";
            Properties gp = new Properties();
            gp.setProperty("token", token);
            String guard = "jdbc:guard://127.0.0.1:" + port + "/" + db + "?plaintext=true";
            System.out.printf(Locale.ROOT, "Guard gateway pid %d on port %d; upstream %s%n%n", server.pid(), port,
                    "127.0.0.1:3306 (" + db + ")");
            String parts = System.getProperty("parts", "point,scan,heap");
            try (Connection g = DriverManager.getConnection(guard, gp); Connection d = DriverManager.getConnection(direct)) {
                if (parts.contains("point")) {
                    pointSelect(g, d, floorPort, pointQueries);
                }
                if (parts.contains("scan")) {
                    scan(g, d, scanRows);
                }
            }
            if (parts.contains("heap")) {
                try (Connection g = DriverManager.getConnection(guard, gp)) {
                    heap(g, server.pid(), heapRows);
                }
            }
        } finally {
            if (floor != null) {
                floor.destroy();
                floor.waitFor();
            }
            if (server != null) {
                server.destroy();
                server.waitFor();
                System.out.println("gateway log and files: " + dir);
            }
            try (Connection admin = DriverManager.getConnection(ADMIN_URL); Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS `" + db + "`");
                st.execute("DROP USER IF EXISTS '" + user + "'@'%'");
                st.execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
            }
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void setUp(Connection admin, String db, String user, String password, long rows) throws Exception {
        try (Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE `" + db + "`");
            st.execute("CREATE TABLE `" + db + "`.people (id BIGINT PRIMARY KEY, name VARCHAR(60), email VARCHAR(80),"
                    + " phone VARCHAR(20), city VARCHAR(40), score DECIMAL(10,2))");
            st.execute("CREATE TABLE `" + db + "`.digits (d INT PRIMARY KEY)");
            st.execute("INSERT INTO `" + db + "`.digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
            StringBuilder n = new StringBuilder("a.d");
            StringBuilder from = new StringBuilder("`" + db + "`.digits a");
            long scale = 10;
            char alias = 'b';
            while (scale < rows) {
                n.append(" + ").append(scale).append(" * ").append(alias).append(".d");
                from.append(", `").append(db).append("`.digits ").append(alias);
                scale *= 10;
                alias++;
            }
            st.execute("INSERT INTO `" + db + "`.people SELECT n, CONCAT('person ', n), CONCAT('user', n, '@example.com'),"
                    + " CONCAT('+1-555-', LPAD(n MOD 10000, 4, '0')), 'Springfield', n MOD 1000 / 10 FROM (SELECT "
                    + n + " AS n FROM " + from + ") x WHERE n < " + rows);
            for (String host : List.of("%", "localhost")) {
                st.execute("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
                st.execute("GRANT SELECT ON `" + db + "`.* TO '" + user + "'@'" + host + "'");
            }
        }
    }

    /** Waits until GET {@code path} answers 200; {@code log} is the process's output file in {@code dir}. */
    private static void waitHealthy(int port, Process server, Path dir, String path, String log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException(log + ": the process exited: " + Files.readString(dir.resolve(log)));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(log + ": the process did not become healthy");
    }

    /** One way to run the point query. */
    private interface Target {
        void query(long id) throws Exception;
    }

    /**
     * Point SELECT by primary key, alternating targets in blocks of 500: direct Connector/J, the
     * floor server through the JDK client and through Jetty's client (see {@link FloorServer}),
     * and Guard.
     */
    private static void pointSelect(Connection guard, Connection direct, int floorPort, int queries) throws Exception {
        String sql = "SELECT id, name, city, score FROM people WHERE id = ?";
        try (PreparedStatement g = guard.prepareStatement(sql); PreparedStatement d = direct.prepareStatement(sql);
             FloorClients.Client jdk = FloorClients.jdk(floorPort); FloorClients.Client jetty = FloorClients.jetty(floorPort)) {
            String[] names = {"direct Connector/J", "floor, JDK HttpClient", "floor, Jetty HTTP2Client", "through Guard"};
            Target[] targets = {id -> one(d, id), jdk::query, jetty::query, id -> one(g, id)};
            for (int i = 0; i < 3000; i++) { // warm every path
                for (Target t : targets) {
                    t.query(i + 1);
                }
            }
            long[][] times = new long[targets.length][queries];
            int block = 500;
            for (int done = 0; done < queries; done += block) {
                int first = done / block % targets.length; // each target leads in turn
                for (int k = 0; k < targets.length; k++) {
                    int t = (first + k) % targets.length;
                    for (int i = done; i < Math.min(queries, done + block); i++) {
                        long id = 1 + (long) i * 7919 % 100_000;
                        long t0 = System.nanoTime();
                        targets[t].query(id);
                        times[t][i] = System.nanoTime() - t0;
                    }
                }
            }
            double[] median = new double[targets.length];
            double[] p99 = new double[targets.length];
            System.out.printf(Locale.ROOT, "Point SELECT by primary key, %,d queries each, alternating blocks of %d:%n", queries, block);
            for (int t = 0; t < targets.length; t++) {
                Arrays.sort(times[t]);
                median[t] = times[t][queries / 2] / 1000.0;
                p99[t] = times[t][(int) (queries * 0.99)] / 1000.0;
                System.out.printf(Locale.ROOT, "  %-26s median %8.1f us   p99 %8.1f us%n", names[t], median[t], p99[t]);
            }
            System.out.printf(Locale.ROOT, "  Guard adds                 median %8.1f us   p99 %8.1f us   (ratio %.2fx at the median; target: adds < 150 us)%n",
                    median[3] - median[0], p99[3] - p99[0], median[3] / median[0]);
            System.out.printf(Locale.ROOT, "  the floor adds             median %8.1f us (JDK client), %.1f us (Jetty client)%n",
                    median[1] - median[0], median[2] - median[0]);
            System.out.printf(Locale.ROOT, "  Guard over its floor       median %8.1f us (same JDK client; Guard's own work)%n%n",
                    median[3] - median[1]);
        }
    }

    private static void one(PreparedStatement ps, long id) throws Exception {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row " + id);
            }
            rs.getString(2);
        }
    }

    /** A full scan with two masked columns, alternating targets, three rounds each. */
    private static void scan(Connection guard, Connection direct, long rows) throws Exception {
        String sql = "SELECT id, name, email, phone, city, score FROM people WHERE id < " + rows;
        double[] g = new double[3];
        double[] d = new double[3];
        for (int round = 0; round < 3; round++) {
            d[round] = scanOnce(direct, sql, rows, true);
            g[round] = scanOnce(guard, sql, rows, false);
        }
        Arrays.sort(g);
        Arrays.sort(d);
        System.out.printf(Locale.ROOT, "Scan of %,d rows, email and phone masked by Guard (best of 3 rounds, alternating):%n", rows);
        System.out.printf(Locale.ROOT, "  direct Connector/J  %,12.0f rows/s (streaming)%n", d[2]);
        System.out.printf(Locale.ROOT, "  through Guard       %,12.0f rows/s%n", g[2]);
        System.out.printf(Locale.ROOT, "  ratio               %.2f of direct (target: at least 0.50)%n%n", g[2] / d[2]);
    }

    private static double scanOnce(Connection c, String sql, long expected, boolean directStreaming) throws Exception {
        try (Statement st = directStreaming ? c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)
                : c.createStatement()) {
            if (directStreaming) {
                st.setFetchSize(Integer.MIN_VALUE);
            }
            long t = System.nanoTime();
            long n = 0;
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getLong(1);
                    rs.getString(2);
                    rs.getString(3);
                    rs.getString(4);
                    rs.getString(5);
                    rs.getBigDecimal(6);
                    n++;
                }
            }
            if (n != expected) {
                throw new IllegalStateException("scanned " + n + " rows, expected " + expected);
            }
            return n / ((System.nanoTime() - t) / 1e9);
        }
    }

    /** The gateway's heap while it streams many rows to a slow-ish reader. */
    private static void heap(Connection guard, long pid, long rows) throws Exception {
        long before = heapUsed(pid, true);
        long max = before;
        long n = 0;
        try (Statement st = guard.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, name, email, phone, city, score FROM people WHERE id < " + rows)) {
            while (rs.next()) {
                n++;
                if (n % 250_000 == 0) {
                    max = Math.max(max, heapUsed(pid, false));
                }
            }
        }
        System.out.printf(Locale.ROOT, "Gateway heap while streaming %,d rows (jstat, sampled every 250,000 rows; -Xmx256m):%n", n);
        System.out.printf(Locale.ROOT, "  after GC before the query %,8d KB%n", before);
        System.out.printf(Locale.ROOT, "  highest while streaming   %,8d KB  (growth %,d KB; target: under 128 MB)%n", max, max - before);
    }

    /** Heap in use (KB) from jstat -gc: survivor, eden and old generation. */
    private static long heapUsed(long pid, boolean gcFirst) throws Exception {
        String jdk = System.getProperty("java.home");
        if (gcFirst) {
            new ProcessBuilder(Path.of(jdk, "bin", "jcmd").toString(), Long.toString(pid), "GC.run").start().waitFor();
        }
        Process p = new ProcessBuilder(Path.of(jdk, "bin", "jstat").toString(), "-gc", Long.toString(pid)).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l.trim());
            }
        }
        p.waitFor();
        String[] head = lines.get(0).split("\\s+");
        String[] vals = lines.get(1).split("\\s+");
        double used = 0;
        for (int i = 0; i < head.length; i++) {
            if (head[i].equals("S0U") || head[i].equals("S1U") || head[i].equals("EU") || head[i].equals("OU")) {
                used += Double.parseDouble(vals[i]);
            }
        }
        return (long) used;
    }
}
