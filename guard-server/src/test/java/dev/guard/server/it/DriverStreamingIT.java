package dev.guard.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.guard.server.Gateway;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Results that stream from the real database while the caller reads them: the first row before
 * the database has finished, closing early, cancel, re-execution, timeouts.
 *
 * <p>To hold a query in the middle of its result without SLEEP (which the policy refuses), the
 * test locks one row of {@code staging.gate} from a direct connection: a locking read streams
 * the rows before it (about 300 KB) and then waits for the lock, exactly as long as the test
 * wants. That is the "gate" the scripted server's tests used, made by the database itself.
 */
class DriverStreamingIT {

    /** Waits at the gate (row 1500 of 2000) once the rows before it have gone out. */
    static final String GATED = "SELECT id, payload FROM gate ORDER BY id LOCK IN SHARE MODE";
    static final String GATED_MARK = "LOCK IN SHARE MODE";
    /** 121 million rows of 4 KB: cut at the policy's max_rows (10,000), still 40 MB, more than HTTP/2 buffers. */
    static final String ENDLESS = "SELECT a.id, REPEAT('x', 4000) AS big FROM report_rows a, report_rows b";
    static final String ENDLESS_MARK = "AS big";
    /** A query that computes for minutes before its one row. */
    static final String SLOW = "SELECT COUNT(*) FROM report_rows a, report_rows b, report_rows c WHERE a.id + b.id + c.id > 0";

    static ContractFixture contract;
    static Gateway gateway;
    /** The same contract with statement_timeout 1s. */
    static Gateway shortTimeouts;
    ExecutorService threads;

    @BeforeAll
    static void start() throws Exception {
        contract = new ContractFixture();
        Gateways.bulkReportRows(contract);
        try (Connection admin = Database.admin()) {
            String s = contract.schema("staging");
            Database.run(admin, "CREATE TABLE " + s + ".gate (id INT PRIMARY KEY, payload VARCHAR(300) NOT NULL)");
            Database.run(admin, "INSERT INTO " + s + ".gate SELECT n, REPEAT('p', 200) FROM (SELECT ROW_NUMBER() OVER"
                    + " (ORDER BY id) AS n FROM " + s + ".report_rows) x WHERE n <= 2000");
        }
        try {
            gateway = Gateway.start(Gateways.settings(contract, 0, null, null, null, null));
            shortTimeouts = Gateway.start(Gateways.settings(contract, 0,
                    Gateways.policy(contract, yaml -> yaml.replace("statement_timeout: 30s", "statement_timeout: 1s")),
                    null, null, null));
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (Gateway g : new Gateway[] {gateway, shortTimeouts}) {
                if (g != null) {
                    g.close();
                }
            }
        } finally {
            contract.close();
        }
    }

    @BeforeEach
    void threads() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void noThreads() {
        threads.shutdownNow();
    }

    static Connection as(Gateway g, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("token", ContractFixture.tokenOf(user));
        return DriverManager.getConnection(Gateways.url(contract, g, "staging"), p);
    }

    /** Holds row 1500 of the gate locked until {@link #release()}; closing releases it and waits for the query to end. */
    static final class Gate implements AutoCloseable {
        final Connection admin;

        Gate() throws SQLException {
            admin = Database.admin();
            admin.setAutoCommit(false);
            try (Statement st = admin.createStatement()) {
                st.executeQuery("SELECT id FROM " + contract.schema("staging") + ".gate WHERE id = 1500 FOR UPDATE").close();
            }
        }

        void release() throws SQLException {
            admin.rollback();
        }

        @Override
        public void close() throws Exception {
            try {
                admin.rollback();
                admin.close();
            } finally {
                // Leave nothing running for the next test.
                Gateways.stopsRunning(contract, GATED_MARK, Duration.ofSeconds(10));
            }
        }
    }

    <T> T within(Duration limit, String what, Callable<T> work) throws Exception {
        Future<T> f = threads.submit(work);
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return fail(what + ": not within " + limit.toMillis() + " ms");
        }
    }

    static int drain(ResultSet rs) throws SQLException {
        int n = 0;
        while (rs.next()) {
            n++;
        }
        return n;
    }

    @Test
    void theFirstRowArrivesWhileTheDatabaseIsStillWorking() throws Exception {
        try (Gate gate = new Gate(); Connection c = as(gateway, "alice"); Statement st = c.createStatement()) {
            ResultSet rs = within(Duration.ofSeconds(10), "the first row", () -> {
                ResultSet r = st.executeQuery(GATED);
                assertThat(r.next()).isTrue();
                return r;
            });
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).hasSize(200);
            // The database is still at work: it waits at the gate.
            assertThat(Gateways.running(contract, GATED_MARK)).hasSize(1);
            gate.release();
            assertThat(1 + drain(rs)).isEqualTo(2000);
            assertThat(rs.isClosed()).isFalse();
        }
    }

    @Test
    void aResultMayStreamLongerThanTheNetworkTimeout() throws Exception {
        try (Gate gate = new Gate(); Connection c = as(gateway, "alice"); Statement st = c.createStatement()) {
            c.setNetworkTimeout(Runnable::run, 300);
            long t0 = System.nanoTime();
            ResultSet rs = st.executeQuery(GATED);
            assertThat(rs.next()).isTrue();
            threads.submit(() -> {
                Thread.sleep(800); // the result's pause: longer than the network timeout
                gate.release();
                return null;
            });
            assertThat(1 + drain(rs)).isEqualTo(2000);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(800);
        }
    }

    @Test
    void closingAResultEarlyAbortsItAndTheSessionIsFreeAtOnce() throws Exception {
        try (Connection c = as(gateway, "alice"); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery(ENDLESS);
            assertThat(rs.next()).isTrue();
            assertThat(Gateways.startsRunning(contract, ENDLESS_MARK, Duration.ofSeconds(5))).isTrue();
            rs.close();
            assertThat(rs.isClosed()).isTrue();
            // Right away another statement: had the gateway not taken the reset as a cancel, it would
            // still be blocked writing the unread 40 MB and this would wait.
            String answer = within(Duration.ofSeconds(5), "the next statement", () -> {
                try (Statement next = c.createStatement(); ResultSet r = next.executeQuery("SELECT COUNT(*) FROM gate")) {
                    r.next();
                    return r.getString(1);
                }
            });
            assertThat(answer).isEqualTo("2000");
            assertThat(Gateways.stopsRunning(contract, ENDLESS_MARK, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void closingAResultWhileTheDatabaseStallsFreesTheSessionAtOnce() throws Exception {
        // The gateway must notice a reset stream even while the database produces no rows (here:
        // waiting for a lock; likewise a slow join or sort), stop the upstream query and free the
        // session, so that the next statement runs at once.
        try (Gate gate = new Gate(); Connection c = as(gateway, "alice"); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery(GATED);
            assertThat(rs.next()).isTrue();
            rs.close();
            Future<String> next = threads.submit(() -> {
                try (Statement s2 = c.createStatement(); ResultSet r = s2.executeQuery("SELECT COUNT(*) FROM gate")) {
                    r.next();
                    return r.getString(1);
                }
            });
            boolean atOnce;
            try {
                next.get(3, TimeUnit.SECONDS);
                atOnce = true;
            } catch (TimeoutException e) {
                atOnce = false;
            }
            boolean upstreamStopped = Gateways.running(contract, GATED_MARK).isEmpty();
            gate.release();
            assertThat(next.get(30, TimeUnit.SECONDS)).isEqualTo("2000");
            assertThat(atOnce).as("the next statement ran within 3 s of closing the result").isTrue();
            assertThat(upstreamStopped).as("the upstream query was stopped").isTrue();
        }
    }

    @Test
    void anotherStatementWhileAResultStreamsReadsItIntoMemoryFirst() throws Exception {
        try (Connection c = as(gateway, "alice"); Statement outer = c.createStatement()) {
            ResultSet rs = outer.executeQuery("SELECT id FROM report_rows WHERE report LIKE 'bulk-%' ORDER BY id LIMIT 5000");
            int read = 0;
            long previous = 0;
            while (rs.next()) {
                assertThat(rs.getLong(1)).isGreaterThan(previous);
                previous = rs.getLong(1);
                if (read++ == 0) {
                    try (Statement inner = c.createStatement()) { // N+1 style, mid-result
                        assertThat(inner.executeUpdate("INSERT INTO report_rows (report) VALUES ('n-plus-one')")).isEqualTo(1);
                    }
                }
            }
            assertThat(read).isEqualTo(5000);
            try (Statement st = c.createStatement();
                 ResultSet r = st.executeQuery("SELECT COUNT(*) FROM report_rows WHERE report = 'n-plus-one'")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void reExecutingAStatementClosesItsPreviousResult() throws Exception {
        try (Connection c = as(gateway, "alice"); Statement st = c.createStatement()) {
            ResultSet first = st.executeQuery(ENDLESS);
            assertThat(first.next()).isTrue();
            ResultSet second = within(Duration.ofSeconds(5), "re-executing", () -> st.executeQuery("SELECT COUNT(*) FROM gate"));
            assertThat(first.isClosed()).isTrue();
            assertThat(second.next()).isTrue();
            assertThat(second.getInt(1)).isEqualTo(2000);
            assertThat(Gateways.stopsRunning(contract, ENDLESS_MARK, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void cancelFromAnotherThreadStopsAResultThatStreams() throws Exception {
        // Fixed (was a bug): the gateway cancels through Connector/J's Statement.cancel(), which does nothing once
        // execute() has returned and the result streams (Connector/J cancels only while executing).
        // A statement cancelled in the middle of its result runs on; here until the lock is released.
        try (Gate gate = new Gate(); Connection c = as(gateway, "alice"); Statement st = c.createStatement()) {
            st.setQueryTimeout(30);
            ResultSet rs = st.executeQuery(GATED);
            assertThat(rs.next()).isTrue();
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    st.cancel();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            Future<Object> reader = threads.submit(() -> {
                try {
                    return drain(rs);
                } catch (SQLException e) {
                    return e;
                }
            });
            canceller.get(5, TimeUnit.SECONDS); // the cancel request itself is answered at once
            Object outcome;
            try {
                outcome = reader.get(3, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                outcome = "still reading 3 s after the cancel";
            }
            gate.release();
            reader.get(30, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat((Throwable) e).isNotInstanceOf(SQLTimeoutException.class);
                assertThat(e.getSQLState()).isEqualTo("70100");
            });
            st.cancel(); // nothing running: nothing happens
            try (ResultSet r = st.executeQuery("SELECT COUNT(*) FROM gate")) {
                assertThat(r.next()).isTrue();
            }
        }
    }

    @Test
    void thePolicysStatementTimeoutIsAnSqlTimeoutExceptionWithoutAQueryTimeout() throws Exception {
        // Fixed (was a bug): the gateway stops the statement after the policy's statement_timeout (1 s here) and
        // answers kind 7 (cancelled or timed out); the driver makes that an SQLTimeoutException only
        // when the Statement had its own query timeout, so the caller gets a plain SQLException and
        // cannot tell a timeout from a cancel (Spring maps SQLTimeoutException to QueryTimeoutException).
        try (Connection c = as(shortTimeouts, "alice"); Statement st = c.createStatement()) {
            long t0 = System.nanoTime();
            Object outcome = within(Duration.ofSeconds(15), "the statement timeout", () -> {
                try (ResultSet rs = st.executeQuery(SLOW)) {
                    return rs.next();
                } catch (SQLException e) {
                    return e;
                }
            });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(900L, 10_000L);
            assertThat(outcome).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("70100"));
            assertThat(Gateways.stopsRunning(contract, "report_rows c", Duration.ofSeconds(5))).isTrue();
            assertThat(c.isValid(2)).isTrue();
            assertThat(outcome).isInstanceOf(SQLTimeoutException.class);
        }
    }

    @Test
    void thePolicysStatementTimeoutStopsAResultThatStreams() throws Exception {
        // Fixed (was a bug): as for cancel, the timeout's Statement.cancel() does nothing once the result streams:
        // a statement past its statement_timeout (1 s) runs on as long as the database lets it.
        try (Gate gate = new Gate(); Connection c = as(shortTimeouts, "alice"); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery(GATED);
            assertThat(rs.next()).isTrue();
            Future<Object> reader = threads.submit(() -> {
                try {
                    return drain(rs);
                } catch (SQLException e) {
                    return e;
                }
            });
            Object outcome;
            try {
                outcome = reader.get(4, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                outcome = "still reading 4 s into a statement limited to 1 s";
            }
            gate.release();
            reader.get(30, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("70100"));
        }
    }
    /** Runs a batch that waits on the gate's locked row; what the batch threw, or null. */
    Object lockedBatch(boolean prepared) throws Exception {
        try (Gate gate = new Gate(); Connection c = as(shortTimeouts, "alice")) {
            long t0 = System.nanoTime();
            Object outcome = within(Duration.ofSeconds(20), "the batch under statement_timeout", () -> {
                try {
                    if (prepared) {
                        try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE gate SET payload = ? WHERE id = ?")) {
                            ps.setString(1, "q");
                            ps.setInt(2, 1);
                            ps.addBatch();
                            ps.setString(1, "q");
                            ps.setInt(2, 1500);
                            ps.addBatch();
                            return ps.executeBatch();
                        }
                    }
                    try (Statement st = c.createStatement()) {
                        st.addBatch("UPDATE gate SET payload = 'q' WHERE id = 1");
                        st.addBatch("UPDATE gate SET payload = 'q' WHERE id = 1500");
                        return st.executeBatch();
                    }
                } catch (SQLException e) {
                    return e;
                }
            });
            // innodb_lock_wait_timeout (50 s by default) would end it far later than the policy's 1 s.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(900L, 15_000L);
            assertThat(c.isValid(2)).isTrue();
            return outcome;
        }
    }

    @Test
    void thePolicysStatementTimeoutStopsAStatementOfABatch() throws Exception {
        // Fixed (was a bug): batches ran without any statement_timeout.
        Object outcome = lockedBatch(false);
        assertThat(outcome).isInstanceOfSatisfying(java.sql.BatchUpdateException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("70100");
            assertThat(e.getErrorCode()).isEqualTo(3024); // a time limit, not a cancel (1317)
            assertThat(e.getLargeUpdateCounts()).containsExactly(1L);
        });
    }

    @Test
    void thePolicysStatementTimeoutStopsAPreparedBatch() throws Exception {
        Object outcome = lockedBatch(true);
        assertThat(outcome).isInstanceOfSatisfying(java.sql.BatchUpdateException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("70100");
            assertThat(e.getErrorCode()).isEqualTo(3024);
        });
    }
}
