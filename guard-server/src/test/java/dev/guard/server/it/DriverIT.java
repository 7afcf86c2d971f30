package dev.guard.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.jdbc.GuardApprovalRequiredException;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The driver's JDBC behaviour end to end: transactions, prepared statements, batches, limits, metadata. */
class DriverIT {

    static GatewayFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new GatewayFixture();
        // 11,000 rows: more than the contract's max_rows, and enough for a cross join that runs for minutes.
        String digits = "(SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5"
                + " UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9)";
        try (Connection admin = Database.admin(); Statement st = admin.createStatement()) {
            st.executeUpdate("INSERT INTO " + fx.contract.schema("staging") + ".report_rows (report) SELECT CONCAT('bulk-', n)"
                    + " FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.n AS n FROM " + digits + " a, " + digits + " b, "
                    + digits + " c, (SELECT d AS n FROM " + digits + " x UNION SELECT 10) e) y");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    /** A query that runs for minutes without SLEEP (which the policy refuses): a large cross join. */
    static final String SLOW = "SELECT COUNT(*) FROM report_rows a, report_rows b, report_rows c WHERE a.id + b.id + c.id > 0";

    static Connection as(String user, String schema) throws SQLException {
        return Agents.connect(fx, user, schema);
    }

    @Test
    void transactionsCommitRollBackAndIsolateAsOnMySql() throws Exception {
        try (Connection a = as("alice", "staging"); Connection b = as("alice", "staging")) {
            a.setAutoCommit(false);
            try (Statement st = a.createStatement()) {
                st.executeUpdate("INSERT INTO report_rows (report) VALUES ('tx-rolled-back')");
            }
            a.rollback();
            try (Statement st = a.createStatement()) {
                st.executeUpdate("INSERT INTO report_rows (report) VALUES ('tx-committed')");
                b.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                assertThat(count(b, "tx-committed")).as("uncommitted rows are invisible to another session").isZero();
                a.commit();
                assertThat(count(b, "tx-committed")).isEqualTo(1);
                assertThat(count(b, "tx-rolled-back")).isZero();
            }
            assertThat(a.getAutoCommit()).isFalse();
            a.setAutoCommit(true);
            assertThat(b.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    private static long count(Connection c, String report) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM report_rows WHERE report = ?")) {
            ps.setString(1, report);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void preparedStatementsBatchesAndGeneratedKeys() throws Exception {
        try (Connection c = as("report-bot", "staging")) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_rows (report, payload) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "keys");
                ps.setString(2, "{\"a\": 1}");
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isPositive();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO report_rows (report) VALUES (?)")) {
                for (int i = 0; i < 5; i++) {
                    ps.setString(1, "batch-" + i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
            }
            try (Statement st = c.createStatement()) {
                st.addBatch("INSERT INTO report_rows (report) VALUES ('s1')");
                st.addBatch("INSERT INTO report_rows (report) VALUES ('s2')");
                st.addBatch("DELETE FROM report_rows");
                assertThatThrownBy(st::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class,
                        e -> assertThat(e.getUpdateCounts()).containsExactly(1, 1));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT report FROM report_rows WHERE report LIKE ? ORDER BY report")) {
                ps.setString(1, "batch-%");
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> seen = new ArrayList<>();
                    while (rs.next()) {
                        seen.add(rs.getString(1));
                    }
                    assertThat(seen).containsExactly("batch-0", "batch-1", "batch-2", "batch-3", "batch-4");
                }
            }
        }
    }

    @Test
    void refusalsAreSqlSyntaxErrorsNamingTheRuleAndHeldStatementsCarryAnApprovalId() throws Exception {
        try (Connection c = as("ingest-bot", "shop"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("DROP TABLE orders")).isInstanceOfSatisfying(SQLSyntaxErrorException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("42000");
                assertThat(e.getMessage()).contains("agents-no-ddl");
            });
            // The connection stays usable after a refusal.
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM orders")) {
                assertThat(rs.next()).isTrue();
            }
        }
        try (Connection c = as("support-agent", "shop"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM tickets WHERE id = 43"))
                    .isInstanceOfSatisfying(GuardApprovalRequiredException.class, e -> {
                        assertThat(e.approvalId()).startsWith("apr_");
                        assertThat(fx.gateway.approvals().find(e.approvalId())).isPresent();
                    });
        }
    }

    @Test
    void maxRowsStopsTheResultAndDatabaseErrorsKeepTheirCodes() throws Exception {
        try (Connection c = as("alice", "shop"); Statement st = c.createStatement()) {
            st.setMaxRows(2);
            try (ResultSet rs = st.executeQuery("SELECT id FROM orders ORDER BY id")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(2);
            }
            st.setMaxRows(0);
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO orders (id, customer_id, status, total) VALUES (1, 1, 'x', 1)"))
                    .isInstanceOfSatisfying(SQLIntegrityConstraintViolationException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(1062));
        }
    }

    @Test
    void thePolicysMaxRowsStopsAResultWithAWarning() throws Exception {
        try (Connection c = as("alice", "staging"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM report_rows WHERE report LIKE 'bulk-%'")) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            assertThat(n).isEqualTo(10_000);
            java.sql.SQLWarning w = rs.getWarnings() != null ? rs.getWarnings() : st.getWarnings();
            assertThat((Object) w).isNotNull();
            assertThat(w.getMessage()).contains("10000 rows");
        }
    }

    @Test
    void aQueryTimeoutAndACancelStopTheUpstreamQuery() throws Exception {
        try (Connection c = as("alice", "staging"); Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            long t0 = System.nanoTime();
            // A long query without SLEEP (which the policy refuses): a large cross join.
            // The server may announce the result's columns before it has computed a row: the error can come with next().
            assertThatThrownBy(() -> {
                try (ResultSet rs = st.executeQuery(SLOW)) {
                    rs.next();
                }
            }).isInstanceOf(SQLTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
            st.setQueryTimeout(0);
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            ExecutorService ex = Executors.newSingleThreadExecutor();
            try {
                Future<?> f = ex.submit((Callable<Object>) () -> {
                    try (ResultSet rs = st.executeQuery(SLOW)) {
                        return rs.next();
                    }
                });
                Thread.sleep(500);
                st.cancel();
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
            } finally {
                ex.shutdownNow();
            }
        }
    }

    @Test
    void metadataListsOnlyWhatTheCallerMayRead() throws Exception {
        try (Connection c = as("support-agent", "shop")) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDatabaseProductVersion()).isNotBlank();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(fx.contract.schema("shop"), null, "%", null)) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).containsExactlyInAnyOrder("customers", "tickets");
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = md.getColumns(fx.contract.schema("shop"), null, "customers", "%")) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
            assertThat(columns).containsExactly("id", "name", "email", "city");
            try (ResultSet rs = md.getPrimaryKeys(fx.contract.schema("shop"), null, "tickets")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("COLUMN_NAME")).isEqualTo("id");
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW TABLES")) {
                List<String> shown = new ArrayList<>();
                while (rs.next()) {
                    shown.add(rs.getString(1));
                }
                assertThat(shown).containsExactlyInAnyOrder("customers", "tickets");
            }
        }
    }

    @Test
    void aWrongTokenIs28000AndLeaksNothing() {
        Properties p = new Properties();
        p.setProperty("token", "forged-token-value");
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(fx.url("shop"), p))
                .isInstanceOfSatisfying(SQLInvalidAuthorizationSpecException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).doesNotContain("forged-token-value");
                });
    }

    @Test
    void decimalsAndNullsRoundTripThroughParameters() throws Exception {
        try (Connection c = as("alice", "shop")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT ? + total, ? FROM orders WHERE id = ?")) {
                ps.setBigDecimal(1, new BigDecimal("0.50"));
                ps.setNull(2, java.sql.Types.VARCHAR);
                ps.setInt(3, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("26.00");
                    assertThat(rs.getString(2)).isNull();
                    assertThat(rs.wasNull()).isTrue();
                }
            }
        }
    }
}
