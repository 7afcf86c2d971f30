package dev.guard.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.guard.jdbc.GuardApprovalRequiredException;
import dev.guard.server.Gateway;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the driver's author checked against a scripted server, checked against the real gateway
 * and the real database: sessions, statements, parameters, batches, savepoints, catalogs,
 * DatabaseMetaData (compared with Connector/J on the same server) and HikariCP.
 */
class DriverCompatIT {

    static ContractFixture contract;
    static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        contract = new ContractFixture();
        try (Connection admin = Database.admin()) {
            String staging = contract.schema("staging");
            String shop = contract.schema("shop");
            // Keys at the very top of BIGINT UNSIGNED: beyond a Java long.
            Database.run(admin, "CREATE TABLE " + staging + ".ukeys (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, v INT)"
                    + " AUTO_INCREMENT = 18446744073709551610");
            Database.run(admin, "CREATE TABLE " + staging + ".blobs (id INT AUTO_INCREMENT PRIMARY KEY, tag VARCHAR(20), data LONGBLOB)");
            Database.run(admin, "CREATE TABLE " + staging + ".params (id INT PRIMARY KEY, i BIGINT, s VARCHAR(10), n VARCHAR(10),"
                    + " d DECIMAL(5,2), dt DATE, tm TIME, ts DATETIME(6), u CHAR(36), e VARCHAR(10), ldt DATETIME, b BOOLEAN,"
                    + " bytes VARBINARY(10), stream VARBINARY(10), conv INT, utc DATETIME, clob TEXT, noon TIME)");
            Database.run(admin, "CREATE VIEW " + shop + ".order_totals AS SELECT customer_id, SUM(total) AS total FROM "
                    + shop + ".orders GROUP BY customer_id");
        }
        gateway = Gateway.start(Gateways.settings(contract, 0, null, null, null, null));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            contract.close();
        }
    }

    static String url(String schema) {
        return Gateways.url(contract, gateway, schema);
    }

    static Connection as(String user, String schema) throws SQLException {
        Properties p = new Properties();
        p.setProperty("token", ContractFixture.tokenOf(user));
        return DriverManager.getConnection(url(schema), p);
    }

    static long adminCount(String sql) throws SQLException {
        try (Connection admin = Database.admin(); Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(contract.map(sql))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    static List<String> column(ResultSet rs, String label) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getString(label));
            }
        }
        return out;
    }

    // ---- the session

    @Test
    void aSessionDescribesTheUpstreamServerAndNeverShowsTheToken() throws Exception {
        String token = ContractFixture.tokenOf("alice");
        try (Connection c = DriverManager.getConnection(url("shop") + "&token=" + token);
             Connection direct = Database.admin()) {
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(c.getTransactionIsolation()).isEqualTo(direct.getTransactionIsolation())
                    .isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(c.getCatalog()).isEqualTo(contract.schema("shop"));
            assertThat(c.getSchema()).isNull();
            assertThat(c.isReadOnly()).isFalse();
            assertThat(c.toString()).doesNotContain(token).contains("alice");

            DatabaseMetaData md = c.getMetaData();
            DatabaseMetaData cj = direct.getMetaData();
            assertThat(md.getDatabaseProductName()).isEqualTo(cj.getDatabaseProductName()).isEqualTo("MySQL");
            assertThat(md.getDatabaseProductVersion()).isEqualTo(cj.getDatabaseProductVersion()).startsWith("5.5.5-10.");
            assertThat(md.getDatabaseMajorVersion()).isEqualTo(cj.getDatabaseMajorVersion());
            assertThat(md.getDatabaseMinorVersion()).isEqualTo(cj.getDatabaseMinorVersion());
            assertThat(md.getUserName()).isEqualTo("alice");
            assertThat(md.getURL()).isEqualTo(url("shop")).doesNotContain(token);
            assertThat(md.toString()).doesNotContain(token);
            assertThat(md.getDriverName()).isEqualTo("Guard JDBC");
            assertThat(md.getConnection()).isSameAs(c);
        }
    }

    @Test
    void closeEndsTheSessionAndRollsItsTransactionBack() throws Exception {
        int before = gateway.sessions().size();
        Connection c = as("alice", "staging");
        assertThat(gateway.sessions().size()).isEqualTo(before + 1);
        c.setAutoCommit(false);
        Statement st = c.createStatement();
        assertThat(st.executeUpdate("INSERT INTO report_rows (report) VALUES ('closed-open-tx')")).isEqualTo(1);
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThat(st.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
        assertThat(gateway.sessions().size()).isEqualTo(before);
        assertThat(adminCount("SELECT COUNT(*) FROM staging.report_rows WHERE report = 'closed-open-tx'")).isZero();
        assertThatThrownBy(() -> st.execute("SELECT 1")).isInstanceOf(SQLException.class);
        assertThatThrownBy(c::createStatement).isInstanceOfSatisfying(SQLNonTransientConnectionException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("08003"));
        c.close(); // twice is fine
        assertThat(gateway.sessions().size()).isEqualTo(before);
    }

    @Test
    void abortFromAnotherThreadEndsTheSessionAndRollsBack() throws Exception {
        int before = gateway.sessions().size();
        Connection c = as("alice", "staging");
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO report_rows (report) VALUES ('aborted-open-tx')");
        }
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            c.abort(executor);
            assertThat(c.isClosed()).isTrue();
        } finally {
            executor.shutdown();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(gateway.sessions().size()).isEqualTo(before);
        assertThat(adminCount("SELECT COUNT(*) FROM staging.report_rows WHERE report = 'aborted-open-tx'")).isZero();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLNonTransientConnectionException.class);
    }

    @Test
    void transactionIsolationAndReadOnlyReachTheDatabase() throws Exception {
        try (Connection c = as("alice", "staging"); Statement st = c.createStatement()) {
            c.setAutoCommit(true); // unchanged
            assertThatThrownBy(c::commit).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("25000"));
            assertThatThrownBy(c::rollback).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("25000"));
            c.setAutoCommit(false);
            c.commit();
            c.rollback();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(one(c, "SELECT @@tx_isolation")).isEqualTo("READ-COMMITTED");
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(one(c, "SELECT @@tx_isolation")).isEqualTo("SERIALIZABLE");
            assertThatThrownBy(() -> c.setTransactionIsolation(Connection.TRANSACTION_NONE)).isInstanceOf(SQLException.class);
            c.rollback();

            c.setReadOnly(true);
            assertThat(c.isReadOnly()).isTrue();
            // Refused upstream: the gateway's Connector/J connection is read-only now (on MariaDB,
            // which reports 5.5.5, Connector/J enforces it itself with S1009, as when connecting directly).
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO report_rows (report) VALUES ('read-only')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).containsIgnoringCase("read-only"));
            c.rollback();
            c.setReadOnly(false);
            assertThat(st.executeUpdate("INSERT INTO report_rows (report) VALUES ('read-write')")).isEqualTo(1);
            c.rollback();
            assertThat(c.isValid(2)).isTrue();
        }
        assertThat(adminCount("SELECT COUNT(*) FROM staging.report_rows WHERE report IN ('read-only', 'read-write')")).isZero();
    }

    @Test
    void savepointsRoundTripThroughThePolicy() throws Exception {
        try (Connection c = as("alice", "staging"); Statement st = c.createStatement()) {
            assertThatThrownBy(c::setSavepoint).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("25000"));
            c.setAutoCommit(false);
            st.executeUpdate("INSERT INTO report_rows (report) VALUES ('sp-a')");
            Savepoint named = c.setSavepoint("before`update");
            st.executeUpdate("INSERT INTO report_rows (report) VALUES ('sp-b')");
            Savepoint unnamed = c.setSavepoint();
            st.executeUpdate("INSERT INTO report_rows (report) VALUES ('sp-c')");

            c.rollback(unnamed);
            assertThat(one(c, "SELECT GROUP_CONCAT(report ORDER BY report) FROM report_rows WHERE report LIKE 'sp-%'"))
                    .isEqualTo("sp-a,sp-b");
            c.rollback(named);
            assertThat(one(c, "SELECT GROUP_CONCAT(report ORDER BY report) FROM report_rows WHERE report LIKE 'sp-%'"))
                    .isEqualTo("sp-a");
            c.releaseSavepoint(named);
            // Released on the database: rolling back to it now is MySQL's own error.
            assertThatThrownBy(() -> c.rollback(named)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(1305));
            c.commit();

            assertThat(named.getSavepointName()).isEqualTo("before`update");
            assertThatThrownBy(named::getSavepointId).isInstanceOf(SQLException.class);
            assertThat(unnamed.getSavepointId()).isPositive();
            assertThatThrownBy(unnamed::getSavepointName).isInstanceOf(SQLException.class);
        }
        assertThat(adminCount("SELECT COUNT(*) FROM staging.report_rows WHERE report LIKE 'sp-%'")).isEqualTo(1);
        assertThat(adminCount("SELECT COUNT(*) FROM staging.report_rows WHERE report = 'sp-a'")).isEqualTo(1);
    }

    @Test
    void setCatalogIsDecidedByThePolicyAndMovesUnqualifiedNames() throws Exception {
        try (Connection c = as("ingest-bot", null)) {
            assertThat(c.getCatalog()).isNull();
            assertThatThrownBy(() -> c.setCatalog(contract.schema("hr"))).isInstanceOfSatisfying(SQLSyntaxErrorException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("42000");
                assertThat(e.getMessage()).startsWith("Guard denied the statement").contains(contract.schema("hr"));
            });
            assertThat(c.getCatalog()).isNull();
            assertThat(c.isClosed()).isFalse();
            c.setCatalog(contract.schema("shop"));
            assertThat(c.getCatalog()).isEqualTo(contract.schema("shop"));
            assertThat(one(c, "SELECT COUNT(*) FROM orders")).isEqualTo("4");
            assertThatThrownBy(() -> c.setCatalog(contract.schema("staging"))).isInstanceOf(SQLSyntaxErrorException.class);
            assertThat(c.getCatalog()).isEqualTo(contract.schema("shop"));
        }
        try (Connection c = as("alice", "shop")) {
            c.setCatalog(contract.schema("staging"));
            assertThat(one(c, "SELECT DATABASE()")).isEqualTo(contract.schema("staging"));
            assertThat(one(c, "SELECT COUNT(*) FROM report_rows WHERE id < 0")).isEqualTo("0");
            // USE as SQL: the End frame carries the session's new schema.
            try (Statement st = c.createStatement()) {
                st.execute("USE " + contract.schema("shop"));
            }
            assertThat(c.getCatalog()).isEqualTo(contract.schema("shop"));
            assertThat(one(c, "SELECT COUNT(*) FROM orders")).isEqualTo("4");
        }
    }

    // ---- statements

    @Test
    void resultsUpdateCountsAndMoreResults() throws Exception {
        try (Connection c = as("alice", "shop"); Statement st = c.createStatement()) {
            st.setMaxRows(10);
            st.setFetchSize(100);
            st.setQueryTimeout(3);
            ResultSet rs = st.executeQuery("SELECT id, email FROM customers WHERE id <= 2 ORDER BY id");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong("id")).isEqualTo(1);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("omar@example.org"); // dba: not masked
            assertThat(rs.next()).isFalse();
            assertThat(rs.getStatement()).isSameAs(st);
            assertThat(st.getUpdateCount()).isEqualTo(-1);
            assertThat(st.getMoreResults()).isFalse();
            assertThat(rs.isClosed()).isTrue();
            assertThat(st.getResultSet()).isNull();
            assertThat(st.getUpdateCount()).isEqualTo(-1);

            assertThat(st.execute("SELECT 1")).isTrue();
            assertThat(st.getResultSet()).isNotNull();
            assertThat(st.getUpdateCount()).isEqualTo(-1);
            assertThat(st.execute("UPDATE orders SET status = status WHERE id IN (1, 2)")).isFalse();
            assertThat(st.getResultSet()).isNull();
            // As Connector/J counts by default: the rows found, changed or not.
            assertThat(st.getLargeUpdateCount()).isEqualTo(2);
            assertThat(st.execute("UPDATE orders SET status = 'none' WHERE id = -1")).isFalse();
            assertThat(st.getUpdateCount()).isZero();
            assertThat(st.getMoreResults()).isFalse();
            assertThat(st.getUpdateCount()).isEqualTo(-1);
            assertThat(st.getGeneratedKeys().next()).isFalse();
        }
    }

    @Test
    void generatedKeysBeyondALongAndWarningsFromTheDatabase() throws Exception {
        try (Connection c = as("alice", "staging"); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO ukeys (v) VALUES (1), (2)", Statement.RETURN_GENERATED_KEYS)).isEqualTo(2);
            try (ResultSet keys = st.getGeneratedKeys()) {
                assertThat(keys.getMetaData().getColumnLabel(1)).isEqualTo("GENERATED_KEY");
                assertThat(keys.next()).isTrue();
                assertThat(keys.getObject(1)).isEqualTo(new BigInteger("18446744073709551610"));
                assertThat(keys.getBigDecimal(1)).isEqualByComparingTo("18446744073709551610");
                assertThatThrownBy(() -> keys.getLong(1)).isInstanceOfSatisfying(SQLDataException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("22003"));
                assertThat(keys.next()).isTrue();
                assertThat(keys.getString(1)).isEqualTo("18446744073709551611");
                assertThat(keys.next()).isFalse();
            }
            // A warning after an update arrives on the Statement.
            assertThat(st.executeUpdate("INSERT IGNORE INTO ukeys (id, v) VALUES (18446744073709551610, 3)")).isZero();
            SQLWarning w = st.getWarnings();
            assertThat((Object) w).isNotNull();
            assertThat(w.getErrorCode()).isEqualTo(1062);
            assertThat(w.getMessage()).contains("Duplicate entry");
            st.clearWarnings();
            assertThat((Object) st.getWarnings()).isNull();
            // ... and after a result, on the ResultSet once read to its end.
            try (ResultSet rs = st.executeQuery("SELECT 1 / 0 AS q")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1)).isNull();
                assertThat(rs.next()).isFalse();
                assertThat((Object) rs.getWarnings()).isNotNull();
                assertThat(rs.getWarnings().getErrorCode()).isEqualTo(1365);
            }
        }
    }

    @Test
    void executeUpdateAndExecuteQueryRefuseTheWrongKindOfStatement() throws Exception {
        try (Connection c = as("alice", "staging"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("SELECT id FROM report_rows")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("use executeQuery");
            assertThatThrownBy(() -> st.executeQuery("DELETE FROM report_rows WHERE id < 0")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("use executeUpdate");
            assertThat(one(c, "SELECT 42")).isEqualTo("42");
        }
    }

    @Test
    void everyKindOfParameterIsBoundAndStoredByTheDatabase() throws Exception {
        try (Connection c = as("alice", "staging")) {
            Clob clob = c.createClob();
            clob.setString(1, "hello clob");
            PreparedStatement ps = c.prepareStatement("INSERT INTO params VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " -- '?' a comment with a question mark");
            assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(18);
            assertThat(ps.getMetaData()).isNull();
            ps.setInt(1, 1);
            ps.setLong(2, 7);
            ps.setString(3, "x");
            ps.setNull(4, Types.VARCHAR);
            ps.setBigDecimal(5, new BigDecimal("1.25"));
            ps.setDate(6, java.sql.Date.valueOf("2024-05-06"));
            ps.setTime(7, Time.valueOf("10:11:12"));
            ps.setTimestamp(8, Timestamp.valueOf("2024-05-06 10:11:12.123456789"));
            ps.setObject(9, UUID.fromString("00000000-0000-0000-0000-000000000001"));
            ps.setObject(10, Thread.State.NEW);
            ps.setObject(11, LocalDateTime.of(2024, 1, 1, 0, 0));
            ps.setBoolean(12, true);
            ps.setBytes(13, new byte[] {1, 2});
            ps.setBinaryStream(14, new ByteArrayInputStream(new byte[] {3, 4, 5}));
            ps.setObject(15, "42", Types.INTEGER);
            ps.setTimestamp(16, new Timestamp(0), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
            ps.setClob(17, clob);
            ps.setObject(18, LocalTime.NOON);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            ps.close();

            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM params WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong("i")).isEqualTo(7);
                assertThat(rs.getString("s")).isEqualTo("x");
                assertThat(rs.getString("n")).isNull();
                assertThat(rs.getBigDecimal("d")).isEqualByComparingTo("1.25");
                assertThat(rs.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.of(2024, 5, 6));
                assertThat(rs.getObject("tm", LocalTime.class)).isEqualTo(LocalTime.of(10, 11, 12));
                assertThat(rs.getObject("ts", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 5, 6, 10, 11, 12, 123_456_000));
                assertThat(rs.getString("u")).isEqualTo("00000000-0000-0000-0000-000000000001");
                assertThat(rs.getString("e")).isEqualTo("NEW");
                assertThat(rs.getObject("ldt", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
                assertThat(rs.getBoolean("b")).isTrue();
                assertThat(rs.getBytes("bytes")).containsExactly(1, 2);
                assertThat(rs.getBytes("stream")).containsExactly(3, 4, 5);
                assertThat(rs.getInt("conv")).isEqualTo(42);
                assertThat(rs.getObject("utc", LocalDateTime.class)).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0));
                assertThat(rs.getString("clob")).isEqualTo("hello clob");
                assertThat(rs.getObject("noon", LocalTime.class)).isEqualTo(LocalTime.NOON);
            }
        }
    }

    @Test
    void aMissingParameterFailsBeforeAnythingIsSent() throws Exception {
        try (Connection c = as("alice", "staging"); PreparedStatement ps = c.prepareStatement(
                "UPDATE report_rows SET report = 'must-not-happen' WHERE id = ? OR ? IS NULL")) {
            ps.setInt(1, 1);
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                    .hasMessage("No value specified for parameter 2")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07001"));
            assertThatThrownBy(() -> ps.setInt(3, 1)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("07009"));
            assertThatThrownBy(() -> ps.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
            ps.clearParameters();
            assertThatThrownBy(ps::execute).hasMessage("No value specified for parameter 1");
        }
        assertThat(adminCount("SELECT COUNT(*) FROM staging.report_rows WHERE report = 'must-not-happen'")).isZero();
    }

    @Test
    void placeholdersInStringsAndCommentsAreNotParameters() throws Exception {
        try (Connection c = as("alice", "staging")) {
            long id;
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO report_rows (report) VALUES ('?')", Statement.RETURN_GENERATED_KEYS);
                try (ResultSet k = st.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE report_rows SET payload = ?, report = CONCAT(report, '?') WHERE report = '?' AND id = ? # ?")) {
                ParameterMetaData md = ps.getParameterMetaData();
                assertThat(md.getParameterCount()).isEqualTo(2);
                assertThat(md.getParameterMode(1)).isEqualTo(ParameterMetaData.parameterModeIn);
                assertThat(md.getParameterType(2)).isEqualTo(Types.VARCHAR);
                assertThatThrownBy(() -> md.getParameterType(3)).isInstanceOf(SQLException.class);
                ps.setString(1, "{\"q\": \"?\"}");
                ps.setLong(2, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(one(c, "SELECT report FROM report_rows WHERE id = " + id)).isEqualTo("??");
        }
    }

    @Test
    void aPreparedBatchWithKeyColumnsReturnsTheGeneratedKeys() throws Exception {
        // Fixed (was a bug): the driver asks for the keys (generatedKeys in the Execute request), but the gateway
        // runs a prepared batch without RETURN_GENERATED_KEYS and sends none back (MyBatis reads them).
        try (Connection c = as("alice", "staging");
             PreparedStatement ps = c.prepareStatement("INSERT INTO report_rows (report) VALUES (?)", new String[] {"id"})) {
            ps.setString(1, "pbatch-keys-1");
            ps.addBatch();
            ps.setString(1, "pbatch-keys-2");
            ps.addBatch();
            assertThat(ps.executeBatch()).containsExactly(1, 1);
            List<Long> keys = new ArrayList<>();
            try (ResultSet k = ps.getGeneratedKeys()) {
                while (k.next()) {
                    keys.add(k.getLong(1));
                }
            }
            List<Long> stored = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM report_rows WHERE report LIKE 'pbatch-keys-%' ORDER BY id")) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                }
            }
            assertThat(stored).hasSize(2);
            assertThat(keys).isEqualTo(stored);
        }
    }

    @Test
    void aPreparedBatchWithADuplicateInTheMiddle() throws Exception {
        try (Connection c = as("alice", "staging");
             PreparedStatement ps = c.prepareStatement("INSERT INTO report_rows (id, report) VALUES (?, 'pbatch')")) {
            ps.setInt(1, 700_001);
            ps.addBatch();
            ps.setInt(1, 700_002);
            ps.addBatch();
            assertThat(ps.executeBatch()).containsExactly(1, 1);
            for (int id : new int[] {700_003, 700_001, 700_004}) {
                ps.setInt(1, id);
                ps.addBatch();
            }
            // As Connector/J on MySQL: the batch goes on after the failed entry, which is EXECUTE_FAILED.
            assertThatThrownBy(ps::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class, e -> {
                assertThat(e.getUpdateCounts()).containsExactly(1, Statement.EXECUTE_FAILED, 1);
                assertThat(e.getSQLState()).isEqualTo("23000");
                assertThat(e.getErrorCode()).isEqualTo(1062);
                assertThat((Throwable) e.getNextException()).isInstanceOf(SQLIntegrityConstraintViolationException.class);
                assertThat(e.getCause()).isInstanceOf(SQLIntegrityConstraintViolationException.class);
            });
            assertThat(ps.executeBatch()).isEmpty(); // the batch was cleared
        }
        assertThat(adminCount("SELECT COUNT(*) FROM staging.report_rows WHERE report = 'pbatch'")).isEqualTo(4);
    }

    @Test
    void aStatementBatchReportsEachStatementsCount() throws Exception {
        try (Connection c = as("alice", "staging"); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO report_rows (report) VALUES ('sbatch-1'), ('sbatch-2'), ('sbatch-3'), ('sbatch-4')");
            st.addBatch("UPDATE report_rows SET report = 'sbatch-one' WHERE report = 'sbatch-1'");
            st.addBatch("DELETE FROM report_rows WHERE report IN ('sbatch-2', 'sbatch-3', 'sbatch-4')");
            assertThat(st.executeLargeBatch()).containsExactly(1L, 3L);
            assertThat(st.executeBatch()).isEmpty();
        }
        assertThat(adminCount("SELECT COUNT(*) FROM staging.report_rows WHERE report LIKE 'sbatch-%'")).isEqualTo(1);
    }

    @Test
    void aBatchOverTheRequestLimitIsSplitAndAnOversizedStatementIsRefusedBeforeSending() throws Exception {
        byte[] megabyte = new byte[1024 * 1024];
        megabyte[7] = 7;
        try (Connection c = as("alice", "staging");
             PreparedStatement ps = c.prepareStatement("INSERT INTO blobs (tag, data) VALUES ('split', ?)")) {
            for (int i = 0; i < 20; i++) { // 20 MiB: over the 16 MiB a request may carry
                ps.setBytes(1, megabyte);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).hasSize(20).containsOnly(1);

            ps.setString(1, "x".repeat(17 * 1024 * 1024));
            assertThatThrownBy(ps::executeUpdate).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("54000");
                assertThat(e.getMessage()).contains("over Guard's limit");
            });
            assertThat(one(c, "SELECT COUNT(*) FROM blobs WHERE tag = 'split'")).isEqualTo("20");
        }
        assertThat(adminCount("SELECT SUM(LENGTH(data)) FROM staging.blobs WHERE tag = 'split'")).isEqualTo(20L * 1024 * 1024);
    }

    @Test
    void statementSettingsAreValidatedAndCloseOnCompletionWorks() throws Exception {
        try (Connection c = as("alice", "shop")) {
            Statement st = c.createStatement();
            st.setFetchSize(Integer.MIN_VALUE); // MySQL's streaming idiom: accepted
            assertThat(st.getFetchSize()).isEqualTo(Integer.MIN_VALUE);
            assertThatThrownBy(() -> st.setFetchSize(-2)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.setMaxRows(-1)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.setQueryTimeout(-1)).isInstanceOf(SQLException.class);
            st.setLargeMaxRows(5_000_000_000L);
            assertThat(st.getMaxRows()).isEqualTo(Integer.MAX_VALUE);
            st.setEscapeProcessing(false);
            st.setPoolable(true);
            assertThat(st.isPoolable()).isTrue();
            assertThat(st.getConnection()).isSameAs(c);
            assertThat(st.getResultSetType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            try (ResultSet rs = st.executeQuery("SELECT id FROM orders ORDER BY id")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(4);
            }
            st.close();
            assertThatThrownBy(() -> st.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);

            Statement once = c.createStatement();
            once.closeOnCompletion();
            assertThat(once.isCloseOnCompletion()).isTrue();
            ResultSet rs = once.executeQuery("SELECT id FROM orders");
            assertThat(once.isClosed()).isFalse();
            rs.close();
            assertThat(once.isClosed()).isTrue();
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void unsupportedShapesAreRefusedAndClientSideStateIsKept() throws Exception {
        try (Connection c = as("alice", "staging")) {
            assertThatThrownBy(() -> c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> c.prepareStatement("SELECT 1", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> c.prepareCall("CALL p()")).isInstanceOf(SQLFeatureNotSupportedException.class);
            try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                assertThat(st.executeQuery("SELECT 1").next()).isTrue();
            }
            assertThat(c.nativeSQL("SELECT {fn NOW()}")).isEqualTo("SELECT {fn NOW()}");

            Blob blob = c.createBlob();
            blob.setBytes(1, "ab".getBytes(StandardCharsets.UTF_8));
            assertThat(blob.length()).isEqualTo(2);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO blobs (tag, data) VALUES ('blob', ?)")) {
                ps.setBlob(1, blob);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT data FROM blobs WHERE tag = 'blob'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBlob(1).getBytes(1, 2)).containsExactly('a', 'b');
            }
            assertThat(c.createNClob()).isNotNull();
            c.setClientInfo("ApplicationName", "agent");
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("agent");
            assertThat(c.getTypeMap()).isEmpty();
            assertThat(c.getHoldability()).isEqualTo(ResultSet.HOLD_CURSORS_OVER_COMMIT);
            assertThat(c.isWrapperFor(Connection.class)).isTrue();
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            c.setNetworkTimeout(Runnable::run, 1234);
            assertThat(c.getNetworkTimeout()).isEqualTo(1234);
            assertThat(one(c, "SELECT 1")).isEqualTo("1"); // a network timeout that is not exceeded changes nothing
            try (PreparedStatement ps = c.prepareStatement("SELECT ? AS t")) {
                ps.setObject(1, LocalTime.NOON);
                assertThat(ps.toString()).contains("SELECT ? AS t");
            }
        }
    }

    // ---- DatabaseMetaData

    @Test
    void listingsShowOnlyWhatTheCallerMayRead() throws Exception {
        try (Connection c = as("ingest-bot", "shop")) {
            DatabaseMetaData md = c.getMetaData();
            String shop = contract.schema("shop");
            assertThat(column(md.getCatalogs(), "TABLE_CAT")).containsExactly(shop);
            assertThat(column(md.getTables(shop, null, "ord%", null), "TABLE_NAME"))
                    .containsExactlyInAnyOrder("orders", "order_totals");
            assertThat(column(md.getTables(shop, null, null, new String[] {"VIEW"}), "TABLE_NAME")).containsExactly("order_totals");
            assertThat(column(md.getTables(shop, null, "%", new String[] {"TABLE"}), "TABLE_NAME"))
                    .containsExactlyInAnyOrder("customers", "orders", "payments", "tickets");
            try (ResultSet rs = md.getTables(shop, null, "orders", null)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("TABLE_CAT")).isEqualTo(shop);
                assertThat(rs.getString("TABLE_SCHEM")).isNull();
                assertThat(rs.getString("TABLE_TYPE")).isEqualTo("TABLE");
            }
            assertThat(column(md.getTables(contract.schema("hr"), null, "%", null), "TABLE_NAME")).isEmpty();
            assertThat(column(md.getTables(contract.schema("staging"), null, "%", null), "TABLE_NAME")).isEmpty();
            // No catalog: every database, but only the caller's tables in them.
            List<String> cats = new ArrayList<>();
            List<String> cols = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, null, "orders", null)) {
                while (rs.next()) {
                    cats.add(rs.getString("TABLE_CAT"));
                    cols.add(rs.getString("COLUMN_NAME"));
                }
            }
            assertThat(cats).containsOnly(shop);
            assertThat(cols).containsExactly("id", "customer_id", "status", "total", "note", "created_at");
            assertThat(column(md.getColumns(contract.schema("hr"), null, "employees", null), "COLUMN_NAME")).isEmpty();
            assertThat(column(md.getPrimaryKeys(shop, null, "orders"), "COLUMN_NAME")).containsExactly("id");
            assertThat(column(md.getPrimaryKeys(contract.schema("hr"), null, "employees"), "COLUMN_NAME")).isEmpty();
        }
        try (Connection c = as("support-agent", "shop")) {
            DatabaseMetaData md = c.getMetaData();
            String shop = contract.schema("shop");
            assertThat(column(md.getCatalogs(), "TABLE_CAT")).containsExactly(shop);
            assertThat(column(md.getColumns(shop, null, "customers", "%e%"), "COLUMN_NAME"))
                    .containsExactly("name", "email"); // not phone, not created_at
            assertThat(column(md.getPrimaryKeys(shop, null, "customers"), "COLUMN_NAME")).containsExactly("id");
            assertThat(column(md.getPrimaryKeys(shop, null, "payments"), "COLUMN_NAME")).isEmpty();
            assertThat(column(md.getColumns(shop, null, "payments", null), "COLUMN_NAME")).isEmpty();
        }
    }

    @Test
    void primaryKeysOfATableWithAnUnderscoreInItsName() throws Exception {
        // Fixed (was a bug): the driver sends the table name escaped as a pattern (report\_rows); the gateway
        // hands that to Connector/J's getPrimaryKeys, which takes an exact name: no rows come back.
        try (Connection c = as("alice", "staging")) {
            assertThat(column(c.getMetaData().getPrimaryKeys(contract.schema("staging"), null, "report_rows"), "COLUMN_NAME"))
                    .containsExactly("id");
        }
    }

    @Test
    void fixedListingsAndAnswersAreConnectorJs() throws Exception {
        try (Connection c = as("alice", "shop"); Connection direct = Database.admin()) {
            DatabaseMetaData md = c.getMetaData();
            DatabaseMetaData cj = direct.getMetaData();
            try (ResultSet schemas = md.getSchemas()) {
                assertThat(schemas.getMetaData().getColumnLabel(1)).isEqualTo("TABLE_SCHEM");
                assertThat(schemas.getMetaData().getColumnLabel(2)).isEqualTo("TABLE_CATALOG");
                assertThat(schemas.next()).isFalse();
            }
            assertThat(column(md.getTableTypes(), "TABLE_TYPE")).containsExactly("TABLE", "VIEW");
            List<Integer> dataTypes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (ResultSet types = md.getTypeInfo()) {
                while (types.next()) {
                    dataTypes.add(types.getInt("DATA_TYPE"));
                    names.add(types.getString("TYPE_NAME"));
                }
            }
            assertThat(dataTypes).isSorted();
            assertThat(names).contains("BIGINT", "VARCHAR", "DATETIME", "JSON", "DECIMAL");
            assertThat(md.getImportedKeys(null, null, "orders").next()).isFalse();
            assertThat(md.getIndexInfo(null, null, "orders", false, true).getMetaData().getColumnCount()).isEqualTo(13);
            assertThat(md.getProcedures(null, null, "%").next()).isFalse();

            // The same answers as Connector/J on the same server.
            assertThat(md.getIdentifierQuoteString()).isEqualTo(cj.getIdentifierQuoteString()).isEqualTo("`");
            assertThat(md.getCatalogSeparator()).isEqualTo(cj.getCatalogSeparator());
            assertThat(md.isCatalogAtStart()).isEqualTo(cj.isCatalogAtStart()).isTrue();
            assertThat(md.getCatalogTerm()).isEqualTo(cj.getCatalogTerm());
            assertThat(md.getSchemaTerm()).isEqualTo(cj.getSchemaTerm());
            assertThat(md.getSearchStringEscape()).isEqualTo(cj.getSearchStringEscape());
            assertThat(md.getExtraNameCharacters()).isEqualTo(cj.getExtraNameCharacters());
            assertThat(md.supportsSchemasInDataManipulation()).isEqualTo(cj.supportsSchemasInDataManipulation());
            assertThat(md.supportsCatalogsInDataManipulation()).isEqualTo(cj.supportsCatalogsInDataManipulation());
            assertThat(md.supportsCatalogsInTableDefinitions()).isEqualTo(cj.supportsCatalogsInTableDefinitions());
            assertThat(md.storesLowerCaseIdentifiers()).isEqualTo(cj.storesLowerCaseIdentifiers());
            assertThat(md.storesMixedCaseIdentifiers()).isEqualTo(cj.storesMixedCaseIdentifiers());
            assertThat(md.storesUpperCaseIdentifiers()).isEqualTo(cj.storesUpperCaseIdentifiers());
            assertThat(md.supportsMixedCaseIdentifiers()).isEqualTo(cj.supportsMixedCaseIdentifiers());
            assertThat(md.getSQLKeywords()).isEqualTo(cj.getSQLKeywords());
            assertThat(md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY)).isTrue();
            assertThat(md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE)).isFalse();
            assertThat(md.supportsGetGeneratedKeys()).isEqualTo(cj.supportsGetGeneratedKeys()).isTrue();
            assertThat(md.supportsBatchUpdates()).isEqualTo(cj.supportsBatchUpdates()).isTrue();
            assertThat(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE)).isTrue();
            assertThat(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE)).isFalse();
            assertThat(md.getDefaultTransactionIsolation()).isEqualTo(cj.getDefaultTransactionIsolation());
            assertThat(md.supportsSavepoints()).isEqualTo(cj.supportsSavepoints()).isTrue();
            assertThat(md.supportsNamedParameters()).isFalse();
            assertThat(md.supportsMultipleResultSets()).isFalse();
            assertThat(md.supportsRefCursors()).isEqualTo(cj.supportsRefCursors());
            assertThat(md.supportsStoredProcedures()).isFalse();
            assertThat(md.dataDefinitionCausesTransactionCommit()).isEqualTo(cj.dataDefinitionCausesTransactionCommit());
            assertThat(md.dataDefinitionIgnoredInTransactions()).isEqualTo(cj.dataDefinitionIgnoredInTransactions());
            assertThat(md.getSQLStateType()).isEqualTo(cj.getSQLStateType());
            assertThat(md.getJDBCMajorVersion()).isEqualTo(4);
            assertThat(md.getJDBCMinorVersion()).isEqualTo(3);
            assertThat(md.getMaxConnections()).isEqualTo(cj.getMaxConnections());
            assertThat(md.nullsAreSortedLow()).isEqualTo(cj.nullsAreSortedLow());
        }
    }

    @Test
    void quotedIdentifierCasingIsConnectorJs() throws Exception {
        // Fixed (was a bug): storesUpperCaseQuotedIdentifiers() is true; Connector/J on the same server says false
        // (MySQL keeps quoted identifiers as written). Hibernate reads all six stores* answers.
        try (Connection c = as("alice", "shop"); Connection direct = Database.admin()) {
            DatabaseMetaData md = c.getMetaData();
            DatabaseMetaData cj = direct.getMetaData();
            assertThat(md.supportsMixedCaseQuotedIdentifiers()).isEqualTo(cj.supportsMixedCaseQuotedIdentifiers());
            assertThat(md.storesMixedCaseQuotedIdentifiers()).isEqualTo(cj.storesMixedCaseQuotedIdentifiers());
            assertThat(md.storesLowerCaseQuotedIdentifiers()).isEqualTo(cj.storesLowerCaseQuotedIdentifiers());
            assertThat(md.storesUpperCaseQuotedIdentifiers()).isEqualTo(cj.storesUpperCaseQuotedIdentifiers());
        }
    }

    // ---- HikariCP

    @Test
    void hikariStartsBorrowsAndResetsConnectionsWithTheTokenAsPassword() throws Exception {
        int before = gateway.sessions().size();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url("staging"));
        config.setUsername("ignored-by-guard");
        config.setPassword(ContractFixture.tokenOf("alice"));
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5000);
        config.setPoolName("guard-compat");
        Object physical;
        try (HikariDataSource ds = new HikariDataSource(config)) {
            try (Connection c = ds.getConnection()) {
                physical = c.unwrap(Connection.class);
                assertThat(c.getAutoCommit()).isTrue();
                assertThat(c.getMetaData().getUserName()).isEqualTo("alice");
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO report_rows (report) VALUES ('pool-dirty')");
                }
                // returned dirty: the pool rolls back and restores auto-commit and the isolation
            }
            try (Connection c = ds.getConnection()) {
                assertThat(c.unwrap(Connection.class)).isSameAs(physical);
                assertThat(c.getAutoCommit()).isTrue();
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
                assertThat(one(c, "SELECT @@tx_isolation")).isEqualTo("REPEATABLE-READ");
                assertThat(c.getNetworkTimeout()).isZero();
                assertThat(c.isReadOnly()).isFalse();
                assertThat(c.isValid(1)).isTrue();
                // A refusal is not a connection error (42000, not 08): the pool keeps the connection.
                try (Statement st = c.createStatement()) {
                    assertThatThrownBy(() -> st.execute("DROP TABLE report_rows")).isInstanceOf(GuardApprovalRequiredException.class);
                    assertThatThrownBy(() -> st.execute("SELEC 1")).isInstanceOfSatisfying(SQLSyntaxErrorException.class,
                            e -> assertThat(e.getSQLState()).startsWith("42"));
                }
            }
            assertThat(adminCount("SELECT COUNT(*) FROM staging.report_rows WHERE report = 'pool-dirty'")).isZero();
            try (Connection c = ds.getConnection()) {
                assertThat(c.unwrap(Connection.class)).isSameAs(physical);
                assertThat(ds.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
            }
            assertThat(gateway.sessions().size()).isEqualTo(before + 1);
        }
        // Closing the pool ends its session.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.sessions().size() != before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(gateway.sessions().size()).isEqualTo(before);
    }

    @Test
    void hikariWithTheDriverClassAndTheTokenAsADataSourceProperty() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDriverClassName("dev.guard.jdbc.GuardDriver");
        config.setJdbcUrl(url("shop"));
        config.addDataSourceProperty("token", ContractFixture.tokenOf("ingest-bot"));
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(5000);
        try (HikariDataSource ds = new HikariDataSource(config); Connection c = ds.getConnection()) {
            assertThat(c.getMetaData().getUserName()).isEqualTo("ingest-bot");
            assertThat(c.getCatalog()).isEqualTo(contract.schema("shop"));
            assertThat(one(c, "SELECT email FROM customers WHERE id = 1")).isEqualTo("****@example.com");
        }
    }
}
