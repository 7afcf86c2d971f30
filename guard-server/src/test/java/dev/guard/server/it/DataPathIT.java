package dev.guard.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Types, volume, concurrency and outages on the data path, through the real driver and gateway. */
class DataPathIT {

    static GatewayFixture fx;

    @BeforeAll
    static void start() throws Exception {
        // The contract's max_rows (10,000) would cut the volume test: this fixture allows more.
        fx = new GatewayFixture(Duration.ofSeconds(2), yaml -> yaml.replace("max_rows: 10000", "max_rows: 1000000"));
        try (Connection c = Database.admin()) {
            String s = fx.contract.schema("staging");
            Database.run(c, "CREATE TABLE " + s + ".types (id INT PRIMARY KEY, t TINYINT, si SMALLINT, i INT, bi BIGINT,"
                    + " ubi BIGINT UNSIGNED, d DECIMAL(20,6), f FLOAT, db DOUBLE, dt DATE, tm TIME(6), dtm DATETIME(6),"
                    + " ts TIMESTAMP(3) NULL, yr YEAR, c CHAR(3), vc VARCHAR(50), tx TEXT, bl BLOB, vb VARBINARY(8),"
                    + " bt BIT(1), b8 BIT(8), js JSON, en ENUM('a','b'), st SET('x','y'))");
            // 200,000 more customers (ids 1001..201000), built portably from a table of digits.
            Database.run(c, "CREATE TABLE " + s + ".digits (d INT PRIMARY KEY)");
            Database.run(c, "INSERT INTO " + s + ".digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
            String shop = fx.contract.schema("shop");
            Database.run(c, "INSERT INTO " + shop + ".customers (id, name, email, phone, city)"
                    + " SELECT 1001 + n, CONCAT('name-', n), CONCAT('user', n, '@example.com'), CONCAT('555-', n), 'Bulk' FROM"
                    + " (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * d.d + 10000 * e.d + 100000 * f.d AS n FROM " + s + ".digits a, "
                    + s + ".digits b, " + s + ".digits c, " + s + ".digits d, " + s + ".digits e, " + s + ".digits f) x WHERE n < 200000");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void everyColumnTypeRoundTrips() throws Exception {
        try (Connection c = Agents.connect(fx, "alice", "staging")) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO types VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setByte(2, (byte) -7);
                ps.setShort(3, (short) 32000);
                ps.setInt(4, -2_000_000_000);
                ps.setLong(5, 9_000_000_000_000_000_000L);
                ps.setObject(6, new java.math.BigInteger("18446744073709551615"));
                ps.setBigDecimal(7, new BigDecimal("12345678901234.123456"));
                ps.setFloat(8, 1.5f);
                ps.setDouble(9, Math.PI);
                ps.setObject(10, LocalDate.of(2024, 2, 29));
                ps.setObject(11, LocalTime.of(23, 59, 58, 123_456_000));
                ps.setObject(12, LocalDateTime.of(2024, 12, 31, 23, 59, 59, 999_999_000));
                ps.setObject(13, LocalDateTime.of(2020, 1, 2, 3, 4, 5, 678_000_000));
                ps.setShort(14, (short) 2025);
                ps.setString(15, "abc");
                ps.setString(16, "héllo wörld ✓ 🎉");
                ps.setString(17, "x".repeat(10_000));
                ps.setBytes(18, new byte[] {0, 1, 2, (byte) 255});
                ps.setBytes(19, new byte[] {9, 8});
                ps.setBoolean(20, true);
                ps.setBytes(21, new byte[] {(byte) 0xA5});
                ps.setString(22, "{\"k\": [1, 2]}");
                ps.setString(23, "b");
                ps.setString(24, "x,y");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO types (id) VALUES (2)");
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM types ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getByte("t")).isEqualTo((byte) -7);
                assertThat(rs.getShort("si")).isEqualTo((short) 32000);
                assertThat(rs.getInt("i")).isEqualTo(-2_000_000_000);
                assertThat(rs.getLong("bi")).isEqualTo(9_000_000_000_000_000_000L);
                assertThat(rs.getBigDecimal("ubi")).isEqualByComparingTo("18446744073709551615");
                assertThat(rs.getBigDecimal("d")).isEqualByComparingTo("12345678901234.123456");
                assertThat(rs.getFloat("f")).isEqualTo(1.5f);
                assertThat(rs.getDouble("db")).isEqualTo(Math.PI);
                assertThat(rs.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
                assertThat(rs.getObject("tm", LocalTime.class)).isEqualTo(LocalTime.of(23, 59, 58, 123_456_000));
                assertThat(rs.getObject("dtm", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 12, 31, 23, 59, 59, 999_999_000));
                assertThat(rs.getObject("ts", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 678_000_000));
                assertThat(rs.getInt("yr")).isEqualTo(2025);
                assertThat(rs.getString("c")).isEqualTo("abc");
                assertThat(rs.getString("vc")).isEqualTo("héllo wörld ✓ 🎉");
                assertThat(rs.getString("tx")).hasSize(10_000);
                assertThat(rs.getBytes("bl")).containsExactly(0, 1, 2, 255);
                assertThat(rs.getBytes("vb")).containsExactly(9, 8);
                assertThat(rs.getBoolean("bt")).isTrue();
                assertThat(rs.getBytes("b8")).containsExactly(0xA5);
                assertThat(rs.getString("js")).contains("\"k\"");
                assertThat(rs.getString("en")).isEqualTo("b");
                assertThat(rs.getString("st")).isEqualTo("x,y");
                assertThat(rs.getObject("dtm")).isInstanceOf(LocalDateTime.class);
                assertThat(rs.next()).isTrue();
                for (int col = 2; col <= rs.getMetaData().getColumnCount(); col++) {
                    assertThat(rs.getObject(col)).as(rs.getMetaData().getColumnLabel(col)).isNull();
                }
            }
        }
    }

    @Test
    void twoHundredThousandRowsStreamWithMasksApplied() throws Exception {
        try (Connection c = Agents.connect(fx, "ingest-bot", "shop"); Statement st = c.createStatement()) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery("SELECT id, name, email, phone FROM customers WHERE id > 1000 ORDER BY id")) {
                long n = 0;
                long sum = 0;
                while (rs.next()) {
                    n++;
                    sum += rs.getLong(1);
                    String email = rs.getString(3);
                    if (!email.startsWith("****@example.com") || !rs.getString(4).contains("*")) {
                        throw new AssertionError("row " + rs.getLong(1) + " was not masked: " + email);
                    }
                }
                assertThat(n).isEqualTo(200_000);
                assertThat(sum).isEqualTo(200_000L * 1001 + 199_999L * 200_000L / 2);
            }
        }
    }

    @Test
    void thousandsOfShortStatementsOnOneConnection() throws Exception {
        // As an agent's hot loop: HTTP/2 must not mistake this for a flood and drop the connection.
        try (Connection c = Agents.connect(fx, "ingest-bot", "shop");
             PreparedStatement ps = c.prepareStatement("SELECT name FROM customers WHERE id = ?")) {
            for (int i = 0; i < 5_000; i++) {
                ps.setLong(1, 1 + i % 3);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
        }
    }

    @Test
    void fiftyAgentsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String user = i % 2 == 0 ? "ingest-bot" : "report-bot";
                results.add(pool.submit(() -> {
                    int ok = 0;
                    try (Connection c = Agents.connect(fx, user, "shop"); Statement st = c.createStatement()) {
                        for (int k = 0; k < 20; k++) {
                            try (ResultSet rs = st.executeQuery("SELECT id, status, total, note FROM orders ORDER BY id")) {
                                while (rs.next()) {
                                    String note = rs.getString(4);
                                    assertThat(note == null || !note.contains("4111 1111 1111 1111")).isTrue();
                                }
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(50 * 20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIdleSessionExpiresAndRollsBack() throws Exception {
        try (Connection c = Agents.connect(fx, "alice", "staging")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO report_rows (report) VALUES ('expired-tx')");
            }
            Thread.sleep(3_500);
            assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT 1"))
                    .isInstanceOfSatisfying(SQLNonTransientConnectionException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"));
        }
        try (Connection c = Agents.connect(fx, "alice", "staging"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM report_rows WHERE report = 'expired-tx'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void theDatabaseGoingAwayGivesClearErrorsThenGuardRecovers() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 3306)) {
            String url = "jdbc:mysql://127.0.0.1:" + proxy.port() + "/";
            try (var gw = dev.guard.server.Gateway.start(GatewayFixture.settings(fx.contract, url, Duration.ofMinutes(1)))) {
                String guardUrl = "jdbc:guard://127.0.0.1:" + gw.port() + "/" + fx.contract.schema("shop") + "?plaintext=true";
                java.util.Properties p = new java.util.Properties();
                p.setProperty("token", ContractFixture.tokenOf("alice"));
                try (Connection c = java.sql.DriverManager.getConnection(guardUrl, p); Statement st = c.createStatement()) {
                    st.executeQuery("SELECT 1").close();
                    proxy.down();
                    assertThatThrownBy(() -> st.executeQuery("SELECT id FROM orders"))
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).startsWith("08"));
                    assertThatThrownBy(() -> java.sql.DriverManager.getConnection(guardUrl, p))
                            .isInstanceOf(SQLTransientConnectionException.class);
                    proxy.up();
                }
                // Back: a new connection works again (a pool would evict the broken one on its 08 state).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (true) {
                    try (Connection c = java.sql.DriverManager.getConnection(guardUrl, p); Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM orders")) {
                        assertThat(rs.next()).isTrue();
                        break;
                    } catch (SQLException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(200);
                    }
                }
            }
        }
    }
}
