package dev.guard.server.exec;

import dev.guard.policy.Caller;
import dev.guard.policy.Decision;
import dev.guard.policy.PolicyEngine;
import dev.guard.policy.StatementKind;
import dev.guard.protocol.ColumnInfo;
import dev.guard.protocol.Frame;
import dev.guard.protocol.Request;
import dev.guard.protocol.WireWriter;
import dev.guard.server.exec.Failures.Refused;
import dev.guard.server.session.GuardSession;
import dev.guard.server.session.SessionManager;
import dev.guard.server.upstream.Upstream;
import dev.guard.sql.Analysis;
import dev.guard.sql.Analysis.Form;
import dev.guard.sql.Lexer;
import dev.guard.sql.Token;
import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statement path: decide, run on the session's own connection, stream masked rows. It knows
 * nothing of HTTP: results go to a {@link Sink}, so another front end (the MySQL wire protocol)
 * can serve the same policy.
 */
public final class StatementService {

    private static final Logger LOG = LoggerFactory.getLogger(StatementService.class);
    /** Flush buffered rows at this size, or when rows have waited this long. */
    private static final int FLUSH_BYTES = 32 * 1024;
    private static final long FLUSH_NANOS = 20_000_000L;
    private static final long MAX_SELECT_LIMIT = 50_000_000L;
    private static final Set<StatementKind> DDL = Set.of(StatementKind.CREATE, StatementKind.ALTER, StatementKind.DROP,
            StatementKind.RENAME, StatementKind.TRUNCATE);

    /** Where a statement's result goes. */
    public interface Sink {
        void header(List<ColumnInfo> columns) throws IOException;

        /** The buffer for the next row's values. */
        WireWriter row();

        int bufferedBytes();

        void flushRows() throws IOException;

        void end(Frame.End end) throws IOException;

        void error(Frame.Error error) throws IOException;
    }

    private final GuardEngine engine;
    private final SessionManager sessions;
    private final Upstream upstream;
    private final ApprovalStore approvals;
    private final int maxStatementChars;
    private final StatementDeadlines deadlines;
    private final List<String> secrets;

    public StatementService(GuardEngine engine, SessionManager sessions, Upstream upstream, ApprovalStore approvals,
                            int maxStatementChars, ScheduledExecutorService timers, List<String> secrets) {
        this.engine = engine;
        this.sessions = sessions;
        this.upstream = upstream;
        this.approvals = approvals;
        this.maxStatementChars = maxStatementChars;
        this.deadlines = new StatementDeadlines(timers);
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 3).toList();
    }

    // ---- sessions ----

    /**
     * Opens a session. A schema in the URL only sets where unqualified names resolve: every
     * statement is still decided on its own (changing it later is decided as {@code USE}).
     */
    public GuardSession open(Caller caller, String schema) throws Refused {
        try {
            return sessions.open(caller, schema == null || schema.isEmpty() ? null : schema);
        } catch (SessionManager.TooManySessions e) {
            throw new Refused(Failures.unavailable(e.getMessage()));
        } catch (SQLException e) {
            throw new Refused(Failures.connectionLost(e) || e.getSQLState() == null
                    ? Failures.unavailable("the database behind Guard is unreachable; try again shortly")
                    : databaseError(e, true));
        }
    }

    public Frame.Session describe(GuardSession s) throws Refused {
        try {
            Upstream.ServerInfo info = upstream.info();
            Connection c = s.connection();
            return new Frame.Session(s.id(), s.caller().user(), info.productName(), info.productVersion(), s.schema(),
                    s.sqlModeText(), info.lowerCaseTableNames(), c.getAutoCommit(), c.getTransactionIsolation());
        } catch (SQLException e) {
            throw new Refused(Failures.unavailable("the database behind Guard is unreachable; try again shortly"));
        }
    }

    public void close(GuardSession s) {
        sessions.close(s);
    }

    // ---- deciding ----

    private record Decided(Analysis analysis, Decision decision) {}

    private Decided decide(Caller caller, String sql, String schema, dev.guard.sql.SqlMode mode) {
        PolicyEngine pe = engine.engine();
        Analysis a = pe.analyze(sql, schema, mode);
        Decision d = pe.decide(caller, a);
        if (d instanceof Decision.Deny && "unknown-object".equals(d.check()) && engine.refreshIfStale()) {
            pe = engine.engine();
            a = pe.analyze(sql, schema, mode);
            d = pe.decide(caller, a);
        }
        return new Decided(a, d);
    }

    /** Decides a statement of a session; an Error frame when it may not run now. */
    private Decided admit(GuardSession s, String sql, List<List<Object>> parameterSets) {
        Decided dd = decide(s.caller(), sql, s.schema(), s.sqlMode());
        Decision d = dd.decision();
        if (d instanceof Decision.Deny) {
            LOG.info("denied {} for {}: {} ({})", abbreviate(sql), s.caller().user(), d.check(), d.rule());
            return dd;
        }
        for (List<Object> params : parameterSets) {
            List<String> strings = new ArrayList<>(params.size());
            for (Object p : params) {
                strings.add(p instanceof String str ? str : null);
            }
            Decision wb = engine.engine().checkWriteBack(s.caller(), dd.analysis(), strings);
            if (wb != null) {
                return new Decided(dd.analysis(), wb);
            }
        }
        return dd;
    }

    private Frame.Error refusal(GuardSession s, String sql, List<Object> params, Decision d) {
        if (d instanceof Decision.RequireApproval held) {
            ApprovalStore.Pending p = approvals.hold(s.caller(), sql, params, s.schema(), held.rule(), held.approvers());
            LOG.info("held {} for {} as {} ({})", abbreviate(sql), s.caller().user(), p.id(), held.rule());
            return Failures.approvalRequired(held, p.id());
        }
        return Failures.denied(d);
    }

    private static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }

    // ---- execute ----

    public void execute(GuardSession s, Request.Execute req, Sink sink) throws IOException {
        if (!s.usable()) {
            sink.error(Failures.noSession());
            return;
        }
        if (!req.batchSql().isEmpty()) {
            statementBatch(s, req, sink);
            return;
        }
        String sql = req.sql();
        if (sql.length() > maxStatementChars) {
            sink.error(Failures.tooLong("the statement is longer than " + maxStatementChars + " characters; split it"));
            return;
        }
        List<List<Object>> sets = req.batch().isEmpty() ? List.of(req.parameters()) : req.batch();
        Decided dd = admit(s, sql, sets);
        if (!(dd.decision() instanceof Decision.Allow allow)) {
            sink.error(refusal(s, sql, req.parameters(), dd.decision()));
            return;
        }
        if (!req.batch().isEmpty()) {
            preparedBatch(s, dd.analysis(), allow, sql, req, sink);
            return;
        }
        run(s, dd.analysis(), allow, sql, req.parameters(), req, sink);
    }

    private long limitOf(Decision.Allow allow, long requested) {
        long policy = allow.limits().maxRows();
        return requested > 0 ? Math.min(policy, requested) : policy;
    }

    private Duration timeoutOf(Decision.Allow allow, int requestedMillis) {
        Duration policy = allow.limits().statementTimeout();
        Duration asked = Duration.ofMillis(requestedMillis);
        return requestedMillis > 0 && asked.compareTo(policy) < 0 ? asked : policy;
    }

    private void run(GuardSession s, Analysis a, Decision.Allow allow, String sql, List<Object> params,
                     Request.Execute req, Sink sink) throws IOException {
        Connection c = s.connection();
        if (a.verdict() == Analysis.Verdict.ALWAYS_ALLOWED && characterSetOnly(sql, s)) {
            // The protocol carries Unicode strings; the upstream session stays in utf8mb4.
            sink.end(end(-1, List.of(), false, c, s));
            return;
        }
        StatementDeadlines.Deadline deadline = null;
        Statement st = null;
        ResultSet rs = null;
        try {
            boolean keys = req.generatedKeys();
            if (!params.isEmpty() || keys) {
                PreparedStatement ps = keys ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
                        : c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                Columns.bind(ps, params);
                st = ps;
            } else {
                st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            }
            long limit = limitOf(allow, req.maxRows());
            if (a.returnsRows() || a.form() != Form.STATEMENT) {
                st.setFetchSize(Integer.MIN_VALUE); // stream rows as the server sends them
                // The server itself stops one row past the limit, so that ending a result early never
                // means reading the rest of it (Connector/J accepts at most 50,000,000).
                st.setMaxRows((int) Math.min(MAX_SELECT_LIMIT, limit + 1));
            }
            deadline = watch(s, st, allow, req.timeoutMillis());
            boolean hasRows = st instanceof PreparedStatement ps ? ps.execute() : st.execute(sql);
            if (hasRows) {
                rs = st.getResultSet();
                stream(s, a, allow, rs, limit, sink, rowFilter(s, a));
            } else {
                long count = st.getLargeUpdateCount();
                List<Object> generated = keys ? generatedKeys(st) : List.of();
                afterSuccess(s, a);
                sink.end(end(count, generated, false, c, s, warnings(s, a, st)));
            }
        } catch (SQLException e) {
            boolean timedOut = finish(deadline); // before anything that may block: the limit is settled now
            sink.error(failure(s, a, e, timedOut, allow));
        } catch (IOException e) {
            // The caller went away mid-result. Stop the query first: closing a streaming result reads
            // the rest of it, and a query waiting on a lock would hold the session until it ends.
            s.cancel();
            throw e;
        } finally {
            finish(deadline);
            closeQuietly(rs, st, s);
            s.running(null); // only now: a cancel arriving while the result is closed still reaches the query
        }
    }

    /**
     * Registers the statement about to run as the session's (for cancel) and starts its time limit,
     * in that order: a limit that expires at once must find its statement running.
     */
    private StatementDeadlines.Deadline watch(GuardSession s, Statement st, Decision.Allow allow, int requestedMillis) {
        s.running(st);
        return deadlines.start(timeoutOf(allow, requestedMillis), () -> s.cancel(st));
    }

    /** Stops watching a statement's time; whether its limit had expired (false without a limit). */
    private boolean finish(StatementDeadlines.Deadline deadline) {
        return deadline != null && deadlines.finish(deadline);
    }

    private void closeQuietly(ResultSet rs, Statement st, GuardSession s) {
        try {
            if (rs != null) {
                rs.close();
            }
        } catch (SQLException e) {
            if (Failures.connectionLost(e)) {
                s.markBroken();
            }
        }
        try {
            if (st != null) {
                st.close();
            }
        } catch (SQLException ignored) {
            // closing is best effort
        }
    }

    /** Streams rows (masked per the decision) until the end, the row limit or a failure. */
    private void stream(GuardSession s, Analysis a, Decision.Allow allow, ResultSet rs, long limit, Sink sink,
                        Predicate<ResultSet> keep) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        boolean predicted = a != null && !a.outputs().isEmpty() && a.form() == Form.STATEMENT && !a.routineResult();
        if (predicted && n != a.outputs().size()) {
            throw new ResultMismatch();
        }
        Decision.ColumnMask[] masks = new Decision.ColumnMask[n + 1];
        for (Decision.ColumnMask m : allow.masks()) {
            if (m.column() == 0) {
                for (int i = 1; i <= n; i++) {
                    masks[i] = m;
                }
            } else if (m.column() <= n) {
                masks[m.column()] = m;
            }
        }
        List<ColumnInfo> columns = new ArrayList<>(n);
        Columns.Kind[] kinds = new Columns.Kind[n + 1];
        dev.guard.mask.Masker[] maskers = new dev.guard.mask.Masker[n + 1];
        for (int i = 1; i <= n; i++) {
            Decision.ColumnMask m = masks[i];
            columns.add(Columns.info(md, i, m == null ? null : m.rule(), m == null ? null : m.method().policyName()));
            kinds[i] = Columns.kind(md, i);
            maskers[i] = m == null ? null : engine.masker(m);
        }
        sink.header(columns);
        long rows = 0;
        boolean truncated = false;
        long lastFlush = System.nanoTime();
        while (rs.next()) {
            if (keep != null && !keep.test(rs)) {
                continue;
            }
            if (rows == limit) {
                truncated = true;
                break;
            }
            WireWriter w = sink.row();
            for (int i = 1; i <= n; i++) {
                if (maskers[i] != null) {
                    w.value(maskers[i].apply(rs.getString(i)));
                } else {
                    Columns.copy(rs, i, kinds[i], w);
                }
            }
            rows++;
            long now = System.nanoTime();
            if (sink.bufferedBytes() >= FLUSH_BYTES || now - lastFlush > FLUSH_NANOS) {
                sink.flushRows();
                lastFlush = now;
            }
        }
        if (truncated) {
            s.cancel(); // stop the server sending the rest: closing a streaming result would read it all
        }
        List<Frame.Warning> warnings = new ArrayList<>(truncated ? List.of() : warnings(s, a, rs.getStatement()));
        if (truncated) {
            warnings.add(new Frame.Warning("01000", 9010, "Guard stopped the result at " + limit
                    + " rows (the max_rows of rule " + allow.rule() + " or of your statement); add a LIMIT or narrow the query"));
        }
        afterSuccess(s, a);
        sink.end(end(-1, List.of(), truncated, s.connection(), s, warnings));
    }

    /** Thrown when the result's columns are not the predicted ones: nothing may go out. */
    private static final class ResultMismatch extends SQLException {
        ResultMismatch() {
            super("result mismatch", "HY000", Failures.RESULT_MISMATCH);
        }
    }

    /** For SHOW TABLES, SHOW DATABASES and DESCRIBE: only rows of what the caller may read go out. */
    private Predicate<ResultSet> rowFilter(GuardSession s, Analysis a) {
        PolicyEngine pe = engine.engine();
        Caller caller = s.caller();
        return switch (a.form()) {
            case SHOW_TABLES -> rs -> readable(() -> pe.readable(caller, a.schema(), rs.getString(1)).isPresent());
            case SHOW_DATABASES -> rs -> readable(() -> pe.usableSchema(caller, rs.getString(1)));
            case DESCRIBE -> {
                Analysis.Access t = a.accesses().get(0);
                var visible = pe.readable(caller, t.schema(), t.table());
                yield rs -> readable(() -> visible.isPresent() && visible.get().shows(rs.getString(
                        rs.getMetaData().getColumnCount() > 6 ? 5 : 1)));
            }
            default -> null;
        };
    }

    private interface SqlCheck {
        boolean test() throws SQLException;
    }

    private static boolean readable(SqlCheck check) {
        try {
            return check.test();
        } catch (SQLException e) {
            return false;
        }
    }

    private void afterSuccess(GuardSession s, Analysis a) {
        if (a == null) {
            return;
        }
        if (a.form() == Form.USE) {
            s.schema(a.schema());
        }
        boolean ddl = a.accesses().stream().anyMatch(x -> DDL.contains(x.kind()));
        if (ddl) {
            try {
                engine.refresh();
            } catch (SQLException e) {
                LOG.warn("could not refresh the catalog after DDL: {}", e.getMessage());
            }
        }
    }

    private List<Object> generatedKeys(Statement st) throws SQLException {
        List<Object> keys = new ArrayList<>();
        try (ResultSet k = st.getGeneratedKeys()) {
            while (k.next()) {
                Object v = k.getObject(1);
                keys.add(v instanceof java.math.BigInteger b && b.bitLength() < 64 ? b.longValue() : v);
            }
        }
        return keys;
    }

    private List<Frame.Warning> warnings(GuardSession s, Analysis a, Statement st) throws SQLException {
        List<Frame.Warning> out = new ArrayList<>();
        if (st == null) {
            return out; // listings from DatabaseMetaData have no statement
        }
        boolean hide = a != null && engine.engine().touchesMasked(s.caller(), a);
        for (SQLWarning w = st.getWarnings(); w != null && out.size() < 100; w = w.getNextWarning()) {
            String state = w.getSQLState() == null ? "01000" : w.getSQLState();
            out.add(new Frame.Warning(state, w.getErrorCode(), hide
                    ? "the database raised warning " + w.getErrorCode() + " (its text is withheld: the statement uses masked columns)"
                    : scrub(w.getMessage())));
        }
        return out;
    }

    private Frame.End end(long count, List<Object> keys, boolean truncated, Connection c, GuardSession s) throws IOException {
        return end(count, keys, truncated, c, s, List.of());
    }

    private Frame.End end(long count, List<Object> keys, boolean truncated, Connection c, GuardSession s,
                          List<Frame.Warning> warnings) {
        boolean autoCommit;
        try {
            autoCommit = c.getAutoCommit();
        } catch (SQLException e) {
            autoCommit = true;
        }
        return new Frame.End(count, new long[0], keys, warnings, truncated, autoCommit, s.schema());
    }

    /** The error frame for a failed statement; {@code timedOut} when its time limit stopped it. */
    private Frame.Error failure(GuardSession s, Analysis a, SQLException e, boolean timedOut, Decision.Allow allow) {
        if (closed(s.connection())) {
            s.markBroken();
            return Failures.unavailable("the connection to the database was lost; the session's transaction is gone. Open a new connection");
        }
        if (e instanceof ResultMismatch) {
            return Failures.resultMismatch();
        }
        if (timedOut) {
            return Failures.timedOut("the statement ran longer than its limit of " + allow.limits().statementTimeout().toSeconds()
                    + " s (or your query timeout) and was stopped; narrow the query or ask for a longer statement_timeout");
        }
        if (Failures.connectionLost(e)) {
            s.markBroken();
            LOG.warn("session {}: the upstream connection was lost: {}", s.id(), e.getSQLState());
            return Failures.unavailable("the connection to the database was lost; the session's transaction is gone. Open a new connection");
        }
        if (e.getErrorCode() == 1317 || "70100".equals(e.getSQLState())) {
            return Failures.cancelled("the statement was cancelled");
        }
        return databaseError(e, a == null || !engine.engine().touchesMasked(s.caller(), a));
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private Frame.Error databaseError(SQLException e, boolean showText) {
        String state = e.getSQLState() == null ? "HY000" : e.getSQLState();
        String text = showText ? scrub(e.getMessage())
                : "the database reported error " + e.getErrorCode() + " (SQLSTATE " + state
                        + "); its text is withheld because the statement uses masked columns";
        return new Frame.Error(Frame.Error.DATABASE, state, e.getErrorCode(), text, null, null, null);
    }

    /** Removes the upstream credential from a database message, should it ever appear. */
    private String scrub(String message) {
        if (message == null) {
            return "";
        }
        String m = message;
        for (String secret : secrets) {
            m = m.replace(secret, "****");
        }
        return m;
    }

    /** SET NAMES / CHARACTER SET / CHARSET / character_set_* / collation_connection, and nothing else. */
    private static boolean characterSetOnly(String sql, GuardSession s) {
        List<Token> t = Lexer.lex(sql, s.sqlMode()).tokens();
        if (t.isEmpty() || !t.get(0).is("set")) {
            return false;
        }
        boolean any = false;
        for (int i = 1; i < t.size(); i++) {
            Token tok = t.get(i);
            String v = tok.value().toLowerCase(Locale.ROOT);
            boolean charsetWord = tok.is("names") || tok.is("charset") || (tok.is("character") && i == 1)
                    || v.startsWith("character_set_") || v.endsWith("collation_connection");
            if (charsetWord) {
                any = true;
            } else if (tok.type() == Token.Type.USER_VAR
                    || tok.type() == Token.Type.WORD && i + 1 < t.size() && (t.get(i + 1).is("=") || t.get(i + 1).is(":="))) {
                return false; // another assignment: the statement runs upstream as a whole
            }
        }
        return any;
    }

    // ---- batches ----

    private void statementBatch(GuardSession s, Request.Execute req, Sink sink) throws IOException {
        List<String> sqls = req.batchSql();
        long[] counts = new long[sqls.size()];
        Connection c = s.connection();
        for (int i = 0; i < sqls.size(); i++) {
            String sql = sqls.get(i);
            Decided dd = sql.length() > maxStatementChars ? null : admit(s, sql, List.of(List.of()));
            Frame.Error refused = dd == null ? Failures.tooLong("statement " + (i + 1) + " of the batch is too long")
                    : !(dd.decision() instanceof Decision.Allow) ? refusal(s, sql, List.of(), dd.decision())
                    : dd.analysis().returnsRows() ? Failures.badRequest("statement " + (i + 1) + " of the batch returns rows; a batch may only change data")
                    : null;
            if (refused != null) {
                sink.end(batchEnd(counts, i, c, s));
                sink.error(refused);
                return;
            }
            Decision.Allow allow = (Decision.Allow) dd.decision();
            StatementDeadlines.Deadline deadline = null;
            try (Statement st = c.createStatement()) {
                deadline = watch(s, st, allow, req.timeoutMillis());
                counts[i] = st.executeLargeUpdate(sql);
                afterSuccess(s, dd.analysis());
            } catch (SQLException e) {
                boolean timedOut = finish(deadline);
                sink.end(batchEnd(counts, i, c, s));
                sink.error(failure(s, dd.analysis(), e, timedOut, allow));
                return;
            } finally {
                finish(deadline);
                s.running(null);
            }
        }
        sink.end(batchEnd(counts, counts.length, c, s));
    }

    /** A prepared batch runs as one call upstream, so its statement_timeout bounds the whole batch. */
    private void preparedBatch(GuardSession s, Analysis a, Decision.Allow allow, String sql, Request.Execute req, Sink sink)
            throws IOException {
        List<List<Object>> sets = req.batch();
        boolean keys = req.generatedKeys();
        Connection c = s.connection();
        if (a.returnsRows()) {
            sink.error(Failures.badRequest("a batch may only change data; this statement returns rows"));
            return;
        }
        StatementDeadlines.Deadline deadline = null;
        try (PreparedStatement ps = keys ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : c.prepareStatement(sql)) {
            for (List<Object> set : sets) {
                Columns.bind(ps, set);
                ps.addBatch();
            }
            deadline = watch(s, ps, allow, req.timeoutMillis());
            long[] counts = ps.executeLargeBatch();
            afterSuccess(s, a);
            Frame.End e = batchEnd(counts, counts.length, c, s);
            sink.end(keys ? new Frame.End(-1, e.batchCounts(), generatedKeys(ps), e.warnings(), false, e.autoCommit(), e.schema()) : e);
        } catch (BatchUpdateException e) {
            boolean timedOut = finish(deadline);
            long[] done = e.getLargeUpdateCounts() == null ? new long[0] : e.getLargeUpdateCounts();
            sink.end(batchEnd(done, done.length, c, s));
            sink.error(failure(s, a, e, timedOut, allow));
        } catch (SQLException e) {
            sink.error(failure(s, a, e, finish(deadline), allow));
        } finally {
            finish(deadline);
            s.running(null);
        }
    }

    private Frame.End batchEnd(long[] counts, int done, Connection c, GuardSession s) {
        long[] ran = java.util.Arrays.copyOf(counts, done);
        Frame.End e = end(-1, List.of(), false, c, s, List.of());
        return new Frame.End(-1, ran, List.of(), List.of(), false, e.autoCommit(), e.schema());
    }

    // ---- session operations ----

    public void control(GuardSession s, Request.Control req, Sink sink) throws IOException {
        if (!s.usable()) {
            sink.error(Failures.noSession());
            return;
        }
        Connection c = s.connection();
        try {
            switch (req.op()) {
                case Request.Control.PING -> {
                    if (!c.isValid(5)) {
                        s.markBroken();
                        sink.error(Failures.unavailable("the connection to the database was lost; open a new connection"));
                        return;
                    }
                }
                case Request.Control.AUTO_COMMIT -> c.setAutoCommit(req.number() != 0);
                case Request.Control.COMMIT -> c.commit();
                case Request.Control.ROLLBACK -> c.rollback();
                case Request.Control.ISOLATION -> c.setTransactionIsolation((int) req.number());
                case Request.Control.READ_ONLY -> c.setReadOnly(req.number() != 0);
                case Request.Control.CATALOG -> {
                    String schema = req.text();
                    if (schema == null || schema.isEmpty()) {
                        sink.error(Failures.badRequest("setCatalog needs a database name"));
                        return;
                    }
                    String use = "USE `" + schema.replace("`", "``") + "`";
                    Decided dd = admit(s, use, List.of(List.of()));
                    if (!(dd.decision() instanceof Decision.Allow)) {
                        sink.error(refusal(s, use, List.of(), dd.decision()));
                        return;
                    }
                    c.setCatalog(schema);
                    s.schema(schema);
                }
                default -> {
                    sink.error(Failures.badRequest("unknown session operation"));
                    return;
                }
            }
            sink.end(end(-1, List.of(), false, c, s, List.of()));
        } catch (SQLException e) {
            if (Failures.connectionLost(e)) {
                s.markBroken();
                sink.error(Failures.unavailable("the connection to the database was lost; open a new connection"));
            } else {
                sink.error(databaseError(e, true));
            }
        }
    }

    public boolean cancel(GuardSession s) {
        return s.cancel();
    }

    // ---- metadata ----

    /** Connector/J's own metadata, with only what the caller may read left in. */
    public void metadata(GuardSession s, Request.Metadata req, Sink sink) throws IOException {
        if (!s.usable()) {
            sink.error(Failures.noSession());
            return;
        }
        PolicyEngine pe = engine.engine();
        Caller caller = s.caller();
        Map<String, PolicyEngine.Readable> cache = new HashMap<>();
        Predicate<ResultSet> visibleTable = rs -> readable(() -> cache.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(3),
                k -> pe.readable(caller, safe(rs, 1), safe(rs, 3)).orElse(null)) != null);
        try {
            DatabaseMetaData md = s.connection().getMetaData();
            Analysis none = null; // listings have no predicted columns and touch no masked data
            Decision.Allow everything = new Decision.Allow(null, "rule", "metadata", List.of(),
                    new Decision.Limits(Long.MAX_VALUE - 1, Duration.ofMinutes(5)));
            switch (req.kind()) {
                case Request.Metadata.CATALOGS -> {
                    try (ResultSet rs = md.getCatalogs()) {
                        stream(s, none, everything, rs, Long.MAX_VALUE - 1, sink,
                                r -> readable(() -> pe.usableSchema(caller, r.getString(1))));
                    }
                }
                case Request.Metadata.TABLES -> {
                    try (ResultSet rs = md.getTables(req.catalog(), null, req.table() == null ? "%" : req.table(), null)) {
                        stream(s, none, everything, rs, Long.MAX_VALUE - 1, sink, visibleTable);
                    }
                }
                case Request.Metadata.COLUMNS -> {
                    try (ResultSet rs = md.getColumns(req.catalog(), null, req.table() == null ? "%" : req.table(),
                            req.column() == null ? "%" : req.column())) {
                        stream(s, none, everything, rs, Long.MAX_VALUE - 1, sink, r -> visibleTable.test(r)
                                && cache.get(safe(r, 1) + "\u0000" + safe(r, 3)).shows(safe(r, 4)));
                    }
                }
                case Request.Metadata.PRIMARY_KEYS -> {
                    // The driver escapes names as patterns; primary keys take an exact name.
                    try (ResultSet rs = md.getPrimaryKeys(req.catalog(), null, unescape(req.table()))) {
                        stream(s, none, everything, rs, Long.MAX_VALUE - 1, sink, r -> visibleTable.test(r)
                                && cache.get(safe(r, 1) + "\u0000" + safe(r, 3)).shows(safe(r, 4)));
                    }
                }
                default -> sink.error(Failures.badRequest("unknown metadata kind"));
            }
        } catch (SQLException e) {
            sink.error(Failures.connectionLost(e)
                    ? Failures.unavailable("the connection to the database was lost; open a new connection")
                    : databaseError(e, true));
        }
    }

    /** A JDBC search pattern's escapes removed: {@code report\_rows} is {@code report_rows}. */
    static String unescape(String pattern) {
        if (pattern == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                ch = pattern.charAt(++i);
            }
            b.append(ch);
        }
        return b.toString();
    }

    private static String safe(ResultSet rs, int column) {
        try {
            String v = rs.getString(column);
            return v == null ? "" : v;
        } catch (SQLException e) {
            return "";
        }
    }
}
