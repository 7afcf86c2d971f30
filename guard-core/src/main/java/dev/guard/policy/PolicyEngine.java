package dev.guard.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.guard.catalog.Catalog;
import dev.guard.mask.Detector;
import dev.guard.mask.MaskMethod;
import dev.guard.mask.Masker;
import dev.guard.policy.Decision.Allow;
import dev.guard.policy.Decision.ColumnMask;
import dev.guard.policy.Decision.Deny;
import dev.guard.policy.Decision.Limits;
import dev.guard.policy.Decision.RequireApproval;
import dev.guard.sql.Analysis;
import dev.guard.sql.Analysis.Access;
import dev.guard.sql.Analysis.ColumnRef;
import dev.guard.sql.Analysis.Form;
import dev.guard.sql.Analysis.Origin;
import dev.guard.sql.Analysis.Verdict;
import dev.guard.sql.Analysis.WhereShape;
import dev.guard.sql.Analyzer;
import dev.guard.sql.SqlMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides statements against a policy, as {@code shared/contract/README.md} defines: the
 * analysis (cached, caller-independent) first, then the caller's rules per table access, then
 * unknown objects, then the masking checks, and finally the mask plan of the result.
 *
 * <p>Thread-safe. Build one per policy and catalog.
 */
public final class PolicyEngine {

    /** One statement to decide. {@code schema} may be null (no current schema). */
    public record Request(Caller caller, String schema, String sql, SqlMode mode) {
        public Request {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(sql, "sql");
            mode = mode == null ? SqlMode.DEFAULT : mode;
        }
    }

    private record CacheKey(String sql, String schema, SqlMode mode) {}

    private final Policy policy;
    private final boolean folding;
    private final Analyzer analyzer;
    private final Cache<CacheKey, Analysis> analyses;
    /** Masking rules by the column they name, in file order. */
    private final Map<ColumnRef, List<MaskingRule>> maskingByColumn = new HashMap<>();
    private final Map<String, Masker> writeBackCheckers = new HashMap<>();

    public PolicyEngine(Policy policy, Catalog catalog) {
        this(policy, catalog, 10_000);
    }

    public PolicyEngine(Policy policy, Catalog catalog, long cacheSize) {
        this.folding = catalog.foldsNames();
        this.policy = folding ? NameFolding.fold(policy) : policy;
        this.analyzer = new Analyzer(catalog);
        this.analyses = Caffeine.newBuilder().maximumSize(cacheSize).build();
        for (MaskingRule m : this.policy.masking()) {
            for (ColumnName c : m.columns()) {
                maskingByColumn.computeIfAbsent(new ColumnRef(c.schema(), c.table(), c.column()), k -> new ArrayList<>()).add(m);
            }
            // Only the shape of masked values matters here, not the hash key.
            writeBackCheckers.put(m.id(), Masker.of(m.method(), m.keepFirst(), m.keepLast(), m.detect(), new byte[] {1}));
        }
    }

    /**
     * The pattern compiler for {@link PolicyLoader}: a pattern must be one statement the rules
     * decide, naming every table with its schema; its fingerprint is what statements must equal.
     */
    public static PolicyLoader.PatternCompiler patternCompiler(Catalog catalog) {
        Analyzer patterns = new Analyzer(catalog);
        return sql -> {
            Analysis a = patterns.analyze(sql, null, SqlMode.DEFAULT);
            return switch (a.verdict()) {
                case ANALYSED -> {
                    if (a.fingerprint() == null) {
                        throw new IllegalArgumentException("a pattern must be a statement that touches tables or returns rows");
                    }
                    yield a.fingerprint();
                }
                case MULTI_STATEMENT -> throw new IllegalArgumentException("the pattern holds more than one statement");
                case NO_SCHEMA -> throw new IllegalArgumentException("the pattern names a table without its schema; write schema.table");
                case ALWAYS_ALLOWED, ALWAYS_DENIED -> throw new IllegalArgumentException(
                        "the pattern is a statement the rules do not decide (" + a.verdict().check() + ")");
                default -> throw new IllegalArgumentException("the pattern does not parse: " + a.reason());
            };
        };
    }

    public Policy policy() {
        return policy;
    }

    public Analyzer analyzer() {
        return analyzer;
    }

    /** The analysis of a statement, from the cache when it was seen before. */
    public Analysis analyze(String sql, String schema, SqlMode mode) {
        return analyses.get(new CacheKey(sql, schema, mode), k -> analyzeUncached(k.sql(), k.schema(), k.mode()));
    }

    /** Analyses without the cache (names in lower case where the server folds them). */
    public Analysis analyzeUncached(String sql, String schema, SqlMode mode) {
        Analysis a = analyzer.analyze(sql, schema, mode);
        return folding ? NameFolding.fold(a) : a;
    }

    public Decision decide(Request request) {
        return decide(request.caller(), analyze(request.sql(), request.schema(), request.mode()));
    }

    /** Decides an analysed statement for a caller. */
    public Decision decide(Caller caller, Analysis a) {
        switch (a.verdict()) {
            case ANALYSED -> { }
            case ALWAYS_ALLOWED -> {
                return new Allow(null, a.verdict().check(), a.reason(), List.of(), defaults());
            }
            default -> {
                return new Deny(null, a.verdict().check(), sentence(a.reason()));
            }
        }
        List<Rule> rules = policy.rulesFor(caller);
        return switch (a.form()) {
            case USE -> use(caller, rules, a);
            case SHOW_DATABASES -> showDatabases(rules, a);
            case SHOW_TABLES -> showTables(rules, a);
            case EXPLAIN, EXPLAIN_ANALYZE -> explain(caller, a);
            case DESCRIBE, SHOW_CREATE_TABLE, STATEMENT -> statement(caller, rules, a, a.form() == Form.STATEMENT);
        };
    }

    private Limits defaults() {
        return new Limits(policy.defaults().maxRows(), policy.defaults().statementTimeout());
    }

    // ---- statements ----

    /** What the rules said about one access. */
    private record AccessDecision(Effect effect, List<Rule> rules, Access access, String nearMiss) {}

    private Decision statement(Caller caller, List<Rule> rules, Analysis a, boolean masks) {
        List<AccessDecision> decisions = new ArrayList<>();
        if (a.accesses().isEmpty()) {
            decisions.add(noTable(rules, a));
        }
        for (Access access : a.accesses()) {
            decisions.add(decideAccess(rules, a, access));
        }
        // A deny rule wins, then a missing rule, then approval, then allow.
        for (AccessDecision d : decisions) {
            if (d.effect() == Effect.DENY && !d.rules().isEmpty()) {
                Rule r = d.rules().get(0);
                return new Deny(r.id(), "deny-rule", "rule '" + r.id() + "' denies " + describe(d.access(), a) + ".");
            }
        }
        for (AccessDecision d : decisions) {
            if (d.effect() == Effect.DENY) {
                return new Deny(null, "no-rule", noRuleReason(d, a));
            }
        }
        Subjects approvers = null;
        Rule heldBy = null;
        Set<Rule> involved = new LinkedHashSet<>();
        for (AccessDecision d : decisions) {
            if (d.effect() == Effect.REQUIRE_APPROVAL) {
                for (Rule r : d.rules()) {
                    if (heldBy == null) {
                        heldBy = r;
                    }
                    involved.add(r);
                    approvers = approvers == null ? r.approvers() : intersect(approvers, r.approvers());
                }
            }
        }
        if (heldBy != null && approvers.isEmpty()) {
            return new Deny(null, "no-approver", "the statement needs approval under rules "
                    + ids(involved) + ", which name no approver in common; split it into statements each rule can approve.");
        }
        if (!a.unknownObjects().isEmpty()) {
            return new Deny(null, "unknown-object", "the statement refers to " + a.unknownObjects().get(0)
                    + ", which does not exist; check the name (SHOW TABLES and DESCRIBE list what you may read).");
        }
        Decision masked = maskedChecks(caller, a);
        if (masked != null) {
            return masked;
        }
        List<ColumnMask> plan = masks ? maskPlan(caller, a) : List.of();
        Limits limits = limits(decisions);
        if (heldBy != null) {
            return new RequireApproval(heldBy.id(), "rule", "rule '" + heldBy.id() + "' holds " + describeStatement(a)
                    + " until " + describe(approvers) + " approves it.", approvers, plan, limits);
        }
        Rule first = decisions.get(0).rules().get(0);
        return new Allow(first.id(), "rule", "rule '" + first.id() + "' allows " + describeStatement(a) + ".", plan, limits);
    }

    private Limits limits(List<AccessDecision> decisions) {
        long maxRows = policy.defaults().maxRows();
        Duration timeout = policy.defaults().statementTimeout();
        for (AccessDecision d : decisions) {
            for (Rule r : d.rules()) {
                if (r.maxRows() != null) {
                    maxRows = Math.min(maxRows, r.maxRows());
                }
                if (r.statementTimeout() != null && r.statementTimeout().compareTo(timeout) < 0) {
                    timeout = r.statementTimeout();
                }
            }
        }
        return new Limits(maxRows, timeout);
    }

    /** A statement that touches no table: allowed by an allow rule for its kind. */
    private AccessDecision noTable(List<Rule> rules, Analysis a) {
        StatementKind kind = a.kind() == null ? StatementKind.SELECT : a.kind();
        List<Rule> denies = new ArrayList<>();
        List<Rule> allows = new ArrayList<>();
        for (Rule r : rules) {
            if (!coversKind(r, kind) || !patternMatches(r, a)) {
                continue;
            }
            if (r.effect() == Effect.DENY && (r.tables() == null || r.tables().stream().anyMatch(t -> t.schema().equals("*")))) {
                denies.add(r);
            } else if (r.effect() == Effect.ALLOW) {
                allows.add(r);
            }
        }
        Access none = new Access(kind, "", "", WhereShape.NOT_APPLICABLE);
        if (!denies.isEmpty()) {
            return new AccessDecision(Effect.DENY, denies, none, null);
        }
        if (!allows.isEmpty()) {
            return new AccessDecision(Effect.ALLOW, allows, none, null);
        }
        return new AccessDecision(Effect.DENY, List.of(), none, null);
    }

    private AccessDecision decideAccess(List<Rule> rules, Analysis a, Access access) {
        if (access.kind() == StatementKind.REPLACE) {
            AccessDecision listed = decideKind(rules, a, access, StatementKind.REPLACE, true);
            if (!listed.rules().isEmpty()) {
                return listed;
            }
            AccessDecision insert = decideKind(rules, a, access, StatementKind.INSERT, false);
            // REPLACE deletes without a WHERE: a require_where rule on DELETE never covers it.
            AccessDecision delete = decideKind(rules, a, new Access(access.kind(), access.schema(), access.table(), WhereShape.NONE),
                    StatementKind.DELETE, false);
            return restrictive(insert, delete);
        }
        return decideKind(rules, a, access, access.kind(), false);
    }

    private static AccessDecision restrictive(AccessDecision x, AccessDecision y) {
        return rank(y) > rank(x) ? y : x;
    }

    private static int rank(AccessDecision d) {
        if (d.effect() == Effect.DENY) {
            return d.rules().isEmpty() ? 2 : 3;
        }
        return d.effect() == Effect.REQUIRE_APPROVAL ? 1 : 0;
    }

    private AccessDecision decideKind(List<Rule> rules, Analysis a, Access access, StatementKind kind, boolean explicitOnly) {
        List<Rule> deny = new ArrayList<>();
        List<Rule> hold = new ArrayList<>();
        List<Rule> allow = new ArrayList<>();
        String nearMiss = null;
        for (Rule r : rules) {
            if (explicitOnly ? !r.statements().contains(kind) : !coversKind(r, kind)) {
                continue;
            }
            if (!tablesMatch(r, access)) {
                continue;
            }
            String failed = failedCondition(r, a, access, kind);
            if (failed != null) {
                if (nearMiss == null && r.effect() != Effect.DENY) {
                    nearMiss = "rule '" + r.id() + "' " + failed;
                }
                continue;
            }
            switch (r.effect()) {
                case DENY -> deny.add(r);
                case REQUIRE_APPROVAL -> hold.add(r);
                case ALLOW -> allow.add(r);
            }
        }
        if (!deny.isEmpty()) {
            return new AccessDecision(Effect.DENY, deny, access, null);
        }
        if (!hold.isEmpty()) {
            return new AccessDecision(Effect.REQUIRE_APPROVAL, hold, access, null);
        }
        if (!allow.isEmpty()) {
            return new AccessDecision(Effect.ALLOW, allow, access, null);
        }
        return new AccessDecision(Effect.DENY, List.of(), access, nearMiss);
    }

    private static boolean coversKind(Rule r, StatementKind kind) {
        return r.allStatements() || r.statements().contains(kind);
    }

    /** Whether the rule's {@code tables} cover the access (wildcards never cover system schemas outside deny rules). */
    static boolean tablesMatch(Rule r, Access access) {
        boolean system = Catalog.isSystemSchema(access.schema());
        if (access.kind() == StatementKind.CALL) {
            // A routine is matched only by a rule naming it.
            return r.tables() != null && r.tables().stream()
                    .anyMatch(t -> !t.isWildcard() && t.schema().equals(access.schema()) && t.table().equals(access.table()));
        }
        if (r.tables() == null) {
            return !system || r.effect() == Effect.DENY;
        }
        for (TablePattern t : r.tables()) {
            if (access.schema().equals("*") && !t.schema().equals("*")) {
                continue; // server-level access: only *.* covers it
            }
            if (t.matches(access.schema(), access.table())) {
                if (system && t.isWildcard() && r.effect() != Effect.DENY
                        && (t.schema().equals("*") || !t.schema().equals(access.schema()))) {
                    continue;
                }
                return true;
            }
        }
        return false;
    }

    /** The rule's matching condition that fails for this access, as a phrase; null when all hold. */
    private static String failedCondition(Rule r, Analysis a, Access access, StatementKind kind) {
        if (!r.patterns().isEmpty() && !patternMatches(r, a)) {
            return "allows only the statements of its patterns, and this statement matches none of them";
        }
        if (r.requireWhere() && (kind == StatementKind.UPDATE || kind == StatementKind.DELETE)
                && access.where() != WhereShape.REAL) {
            return access.where() == WhereShape.NONE
                    ? "requires a real WHERE, which " + (access.kind() == StatementKind.REPLACE ? "REPLACE" : "INSERT ... ON DUPLICATE KEY UPDATE") + " cannot have"
                    : "requires a real WHERE on " + access.qualifiedName()
                    + " (a condition comparing one of its columns with a value), which this statement lacks";
        }
        if (r.columns() != null && r.effect() != Effect.DENY) {
            for (ColumnRef c : a.referencedColumns()) {
                boolean ruleTable = r.tables().stream().anyMatch(t -> t.matches(c.schema(), c.table()));
                if (ruleTable && !r.columns().contains(c.column())) {
                    return "allows only the columns " + String.join(", ", r.columns()) + " of " + c.schema() + "." + c.table()
                            + ", and this statement uses another one" + (a.form() == Form.SHOW_CREATE_TABLE ? " (SHOW CREATE TABLE shows them all)" : "");
                }
            }
        }
        return null;
    }

    private static boolean patternMatches(Rule r, Analysis a) {
        if (r.patterns().isEmpty()) {
            return true;
        }
        if (a.fingerprint() == null) {
            return false;
        }
        for (Pattern p : r.patterns()) {
            if (p.fingerprint().equals(a.fingerprint())) {
                return true;
            }
        }
        return false;
    }

    private static String noRuleReason(AccessDecision d, Analysis a) {
        String what = d.access().table().isEmpty()
                ? "no rule allows you to run " + d.access().kind() + " statements"
                : "no rule allows " + d.access().kind() + " on " + d.access().qualifiedName();
        if (d.nearMiss() != null) {
            return what + ": " + d.nearMiss() + ".";
        }
        return what + "; ask for a rule that covers it, or use a table your rules cover.";
    }

    private static String describe(Access access, Analysis a) {
        return access.table().isEmpty() ? access.kind() + " statements" : access.kind() + " on " + access.qualifiedName();
    }

    private static String describeStatement(Analysis a) {
        if (a.accesses().isEmpty()) {
            return "this " + (a.kind() == null ? "" : a.kind() + " ") + "statement";
        }
        Access first = a.accesses().get(0);
        return first.kind() + " on " + first.qualifiedName();
    }

    private static Subjects intersect(Subjects x, Subjects y) {
        Set<String> users = new LinkedHashSet<>(x.users());
        users.retainAll(y.users());
        Set<String> groups = new LinkedHashSet<>(x.groups());
        groups.retainAll(y.groups());
        return new Subjects(users, groups);
    }

    private static String describe(Subjects s) {
        List<String> parts = new ArrayList<>();
        s.users().forEach(u -> parts.add("user " + u));
        s.groups().forEach(g -> parts.add("a member of " + g));
        return String.join(" or ", parts);
    }

    private static String ids(Set<Rule> rules) {
        List<String> ids = new ArrayList<>();
        rules.forEach(r -> ids.add("'" + r.id() + "'"));
        return String.join(", ", ids);
    }

    private static String sentence(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "the statement was refused.";
        }
        return reason.endsWith(".") ? reason : reason + ".";
    }

    /**
     * What of a table the caller may see in listings (DatabaseMetaData, SHOW): empty when no
     * rule lets it SELECT from the table (or a deny rule forbids it). Pattern rules do not
     * count: they allow statements, not tables.
     */
    public Optional<Readable> readable(Caller caller, String schema, String table) {
        Access access = new Access(StatementKind.SELECT, schema, table, WhereShape.NOT_APPLICABLE);
        Set<String> columns = new LinkedHashSet<>();
        boolean any = false;
        boolean all = false;
        for (Rule r : policy.rulesFor(caller)) {
            if (!coversKind(r, StatementKind.SELECT) || !r.patterns().isEmpty() || !tablesMatch(r, access)) {
                continue;
            }
            if (r.effect() == Effect.DENY) {
                return Optional.empty();
            }
            any = true;
            if (r.columns() == null) {
                all = true;
            } else {
                columns.addAll(r.columns());
            }
        }
        if (!any) {
            return Optional.empty();
        }
        return Optional.of(new Readable(all ? null : Set.copyOf(columns)));
    }

    /** The columns of a table a caller may see: {@code columns} null means all of them. */
    public record Readable(Set<String> columns) {
        public boolean shows(String column) {
            return columns == null || columns.contains(Catalog.asciiLower(column));
        }
    }

    /** Whether some rule of the caller could let it use the schema (as {@code USE} decides). */
    public boolean usableSchema(Caller caller, String schema) {
        return usable(policy.rulesFor(caller), schema) != null;
    }

    // ---- USE, SHOW, EXPLAIN ----

    /** Whether some allow or require_approval rule of the caller could match a table of the schema. */
    private static Rule usable(List<Rule> rules, String schema) {
        for (Rule r : rules) {
            if (r.effect() == Effect.DENY) {
                continue;
            }
            boolean system = Catalog.isSystemSchema(schema);
            if (!r.patterns().isEmpty()) {
                for (Pattern p : r.patterns()) {
                    for (String token : p.fingerprint().split(" ")) {
                        if (token.startsWith(schema + ".")) {
                            return r;
                        }
                    }
                }
                continue;
            }
            if (r.tables() == null) {
                if (!system) {
                    return r;
                }
                continue;
            }
            for (TablePattern t : r.tables()) {
                if (t.schema().equals(schema) || (t.schema().equals("*") && !system)) {
                    return r;
                }
            }
        }
        return null;
    }

    private Decision use(Caller caller, List<Rule> rules, Analysis a) {
        Rule r = usable(rules, a.schema());
        if (r == null) {
            return new Deny(null, "no-rule", "no rule lets you use schema " + a.schema() + "; use a schema your rules cover.");
        }
        if (!analyzer.catalog().hasSchema(a.schema())) {
            return new Deny(null, "unknown-object", "schema " + a.schema() + " does not exist; SHOW DATABASES lists the schemas you may use.");
        }
        return new Allow(r.id(), "rule", "rule '" + r.id() + "' covers schema " + a.schema() + ".", List.of(), defaults());
    }

    private Decision showDatabases(List<Rule> rules, Analysis a) {
        Set<String> schemas = new LinkedHashSet<>(analyzer.catalog().schemaNames());
        for (String s : schemas) {
            Rule r = usable(rules, s);
            if (r != null) {
                return new Allow(r.id(), "rule", "rule '" + r.id() + "' lets you use schema " + s + "; only the schemas you may use are listed.", List.of(), defaults());
            }
        }
        return new Deny(null, "no-rule", "no rule lets you use any schema.");
    }

    private Decision showTables(List<Rule> rules, Analysis a) {
        for (Catalog.Table t : analyzer.catalog().tables(a.schema())) {
            AccessDecision d = decideKind(rules, a, new Access(StatementKind.SELECT, t.schema(), t.name(), WhereShape.NOT_APPLICABLE),
                    StatementKind.SELECT, false);
            if (d.effect() != Effect.DENY) {
                Rule r = d.rules().get(0);
                return new Allow(r.id(), "rule", "rule '" + r.id() + "' lets you read tables of " + a.schema()
                        + "; only the tables you may read are listed.", List.of(), defaults());
            }
        }
        if (!analyzer.catalog().hasSchema(a.schema()) && usable(rules, a.schema()) != null) {
            return new Deny(null, "unknown-object", "schema " + a.schema() + " does not exist.");
        }
        return new Deny(null, "no-rule", "no rule lets you read a table of schema " + a.schema() + ".");
    }

    private Decision explain(Caller caller, Analysis a) {
        Decision inner = decide(caller, a.inner());
        if (inner instanceof Deny) {
            return inner;
        }
        if (a.form() == Form.EXPLAIN_ANALYZE) {
            if (inner instanceof RequireApproval x) {
                return new RequireApproval(x.rule(), x.check(), x.reason(), x.approvers(), List.of(), x.limits());
            }
            Allow x = (Allow) inner;
            return new Allow(x.rule(), x.check(), x.reason(), List.of(), x.limits());
        }
        Limits limits = inner instanceof Allow x ? x.limits() : ((RequireApproval) inner).limits();
        return new Allow(inner.rule(), inner.check(), "EXPLAIN does not run the statement, and the statement itself would be "
                + (inner instanceof Allow ? "allowed" : "held for approval") + ": " + inner.reason(), List.of(), limits);
    }

    // ---- masking ----

    /** The masking rule that applies to a column for this caller: the first in the file that does not exempt it. */
    private MaskingRule maskFor(Caller caller, ColumnRef column) {
        List<MaskingRule> candidates = maskingByColumn.get(column);
        if (candidates == null) {
            return null;
        }
        for (MaskingRule m : candidates) {
            if (!m.except().matches(caller)) {
                return m;
            }
        }
        return null;
    }

    private static boolean namedBy(MaskingRule m, ColumnRef c) {
        for (ColumnName n : m.columns()) {
            if (n.schema().equals(c.schema()) && n.table().equals(c.table()) && n.column().equals(c.column())) {
                return true;
            }
        }
        return false;
    }

    private Decision maskedChecks(Caller caller, Analysis a) {
        for (Origin o : a.copied()) {
            MaskingRule m = maskFor(caller, o.column());
            if (m != null) {
                return new Deny(m.id(), "masked-copy", "the statement would store values of " + o.column()
                        + ", which is masked for you by '" + m.id() + "'; masked data may not be copied. Leave that column out.");
            }
        }
        for (Analysis.PredicateUse use : a.predicateUses()) {
            for (Origin o : use.origins()) {
                MaskingRule m = maskFor(caller, o.column());
                if (m == null || m.predicates() == PredicateUse.ALLOW) {
                    continue;
                }
                boolean ok = m.predicates() == PredicateUse.EQUALITY && use.equalityOnly() && o.bare();
                if (!ok) {
                    String allowed = m.predicates() == PredicateUse.DENY
                            ? "it may not be used outside the select list at all"
                            : "it may only be compared for equality (=, <>, IN, IS NULL) with values, or grouped";
                    return new Deny(m.id(), "masked-predicate", "the statement uses " + o.column() + " in " + use.clause()
                            + ", but it is masked for you by '" + m.id() + "' and " + allowed + ".");
                }
            }
        }
        for (Analysis.Rename r : a.renames()) {
            for (MaskingRule m : policy.masking()) {
                if (namedBy(m, r.from()) && !namedBy(m, r.to())) {
                    return new Deny(m.id(), "masked-ddl", "the statement would move " + r.from() + " to " + r.to()
                            + ", out from under masking rule '" + m.id() + "'; ask for the policy to name the new column first.");
                }
            }
        }
        for (Analysis.Write w : a.writes()) {
            if (w.literal() == null) {
                continue;
            }
            MaskingRule m = maskFor(caller, w.target());
            if (m != null && writeBackCheckers.get(m.id()).isMaskedForm(w.literal())) {
                return new Deny(m.id(), "masked-writeback", "the statement would write a masked value back into "
                        + w.target() + " (masked for you by '" + m.id() + "'); leave that column out of the write, "
                        + "or update only the columns you changed.");
            }
        }
        return null;
    }

    /**
     * Whether the statement refers to any column masked for the caller: then the server's error
     * texts and warnings for it are replaced by a generic text, since they can echo values.
     */
    public boolean touchesMasked(Caller caller, Analysis a) {
        if (a.inner() != null && touchesMasked(caller, a.inner())) {
            return true;
        }
        for (ColumnRef c : a.referencedColumns()) {
            if (maskFor(caller, c) != null) {
                return true;
            }
        }
        for (Analysis.OutputColumn o : a.outputs()) {
            for (Origin origin : o.origins()) {
                if (maskFor(caller, origin.column()) != null) {
                    return true;
                }
            }
        }
        return a.routineResult() && policy.masking().stream().anyMatch(m -> !m.except().matches(caller));
    }

    /** Checks a parameter value bound to a write, for the gateway (the one case a parameter changes a decision). */
    public Decision checkWriteBack(Caller caller, Analysis a, List<String> parameters) {
        for (Analysis.Write w : a.writes()) {
            if (w.parameter() <= 0 || w.parameter() > parameters.size()) {
                continue;
            }
            String value = parameters.get(w.parameter() - 1);
            MaskingRule m = maskFor(caller, w.target());
            if (value != null && m != null && writeBackCheckers.get(m.id()).isMaskedForm(value)) {
                return new Deny(m.id(), "masked-writeback", "parameter " + w.parameter() + " would write a masked value back into "
                        + w.target() + " (masked for you by '" + m.id() + "'); leave that column out of the write.");
            }
        }
        return null;
    }

    private List<ColumnMask> maskPlan(Caller caller, Analysis a) {
        List<ColumnMask> plan = new ArrayList<>();
        if (a.routineResult()) {
            for (MaskingRule m : policy.masking()) {
                if (!m.except().matches(caller)) {
                    plan.add(new ColumnMask(0, "*", m.id(), MaskMethod.REDACT, List.of(), 0, 0));
                    break;
                }
            }
            return plan;
        }
        for (int i = 0; i < a.outputs().size(); i++) {
            Analysis.OutputColumn out = a.outputs().get(i);
            ColumnMask mask = columnMask(caller, i + 1, out);
            if (mask != null) {
                plan.add(mask);
            }
        }
        return plan;
    }

    private ColumnMask columnMask(Caller caller, int position, Analysis.OutputColumn out) {
        MaskingRule chosen = null;
        MaskMethod method = null;
        boolean differ = false;
        for (Origin o : out.origins()) {
            MaskingRule m = maskFor(caller, o.column());
            if (m == null) {
                continue;
            }
            MaskMethod own;
            if (o.bare()) {
                own = m.method();
            } else if (!m.detect().isEmpty() && out.origins().stream().allMatch(x -> namedBy(m, x.column()))) {
                own = m.method(); // a detector keeps working on values derived from its own columns alone
            } else {
                own = MaskMethod.REDACT;
            }
            if (chosen == null) {
                chosen = m;
                method = own;
            } else if (chosen != m || method != own) {
                differ = true;
            }
        }
        if (chosen == null) {
            return null;
        }
        if (differ) {
            return new ColumnMask(position, out.label(), chosen.id(), MaskMethod.REDACT, List.of(), 0, 0);
        }
        boolean whole = method == chosen.method();
        List<Detector> detect = whole ? chosen.detect() : List.of();
        return new ColumnMask(position, out.label(), chosen.id(), method, detect,
                whole ? chosen.keepFirst() : 0, whole ? chosen.keepLast() : 0);
    }
}
