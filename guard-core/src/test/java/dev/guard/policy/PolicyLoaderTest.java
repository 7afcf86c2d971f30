package dev.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.mask.Detector;
import dev.guard.mask.MaskMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyLoaderTest {

    /** Stands in for the real pattern compiler: lower-cases, and refuses anything holding BROKEN. */
    static final PolicyLoader.PatternCompiler STUB = sql -> {
        if (sql.contains("BROKEN")) throw new IllegalArgumentException("pattern does not parse near 'BROKEN'");
        return sql.toLowerCase(Locale.ROOT);
    };

    static Policy parse(String yaml) throws PolicyException {
        return PolicyLoader.parse(yaml, "p.yaml", STUB);
    }

    // ---- the reference policy

    @Test
    void loadsTheReferencePolicy() throws Exception {
        Path file = Path.of(PolicyLoaderTest.class.getResource("/contract/policy.yaml").toURI());
        Policy p = PolicyLoader.load(file, STUB);

        assertThat(p.source()).isEqualTo(file.toString());
        assertThat(p.defaults()).isEqualTo(new Defaults(10_000, Duration.ofSeconds(30)));
        assertThat(p.rules()).extracting(Rule::id).containsExactly("ingestion-read-shop", "reporting-read-orders",
                "reporting-write-staging", "support-tickets", "support-read-customers", "support-delete-ticket",
                "billing-patterns", "hr-read-employees", "dba-all", "dba-destructive", "agents-no-ddl");

        Rule ingestion = p.rules().get(0);
        assertThat(ingestion).isEqualTo(new Rule("ingestion-read-shop", Effect.ALLOW,
                new Subjects(Set.of(), Set.of("ingestion")), EnumSet.of(StatementKind.SELECT), false,
                List.of(new TablePattern("shop", "*")), null, false, List.of(), null, null, null, 15));

        Rule tickets = rule(p, "support-tickets");
        assertThat(tickets.statements()).containsExactly(StatementKind.SELECT, StatementKind.INSERT, StatementKind.UPDATE);
        assertThat(tickets.requireWhere()).isTrue();
        assertThat(tickets.tables()).containsExactly(new TablePattern("shop", "tickets"));

        Rule customers = rule(p, "support-read-customers");
        assertThat(customers.columns()).containsExactly("id", "name", "email", "city");

        Rule delete = rule(p, "support-delete-ticket");
        assertThat(delete.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(delete.approvers()).isEqualTo(new Subjects(Set.of(), Set.of("dba")));
        assertThat(delete.line()).isEqualTo(47);

        Rule billing = rule(p, "billing-patterns");
        assertThat(billing.subjects()).isEqualTo(new Subjects(Set.of("billing-agent"), Set.of()));
        assertThat(billing.allStatements()).isTrue();
        assertThat(billing.statements()).containsExactly(StatementKind.values());
        assertThat(billing.tables()).isNull();
        assertThat(billing.patterns()).containsExactly(
                new Pattern("SELECT id, status, total FROM shop.orders WHERE customer_id = ?",
                        "select id, status, total from shop.orders where customer_id = ?", 59),
                new Pattern("UPDATE shop.orders SET status = ? WHERE id = ?",
                        "update shop.orders set status = ? where id = ?", 60));

        Rule dba = rule(p, "dba-all");
        assertThat(dba.allStatements()).isTrue();
        assertThat(dba.tables()).containsExactly(new TablePattern("*", "*"));
        assertThat(dba.tables().get(0).isWildcard()).isTrue();
        assertThat(dba.approvers()).isNull();

        Rule noDdl = rule(p, "agents-no-ddl");
        assertThat(noDdl.effect()).isEqualTo(Effect.DENY);
        assertThat(noDdl.allStatements()).isFalse();
        assertThat(noDdl.statements()).containsExactlyInAnyOrder(StatementKind.CREATE, StatementKind.ALTER,
                StatementKind.DROP, StatementKind.TRUNCATE, StatementKind.RENAME, StatementKind.GRANT, StatementKind.REVOKE);
        assertThat(noDdl.tables()).isNull();
        assertThat(noDdl.maxRows()).isNull();
        assertThat(noDdl.statementTimeout()).isNull();

        assertThat(p.masking()).extracting(MaskingRule::id)
                .containsExactly("mask-email", "mask-phone", "mask-card", "mask-ssn", "cards-in-free-text");
        assertThat(p.masking().get(0)).isEqualTo(new MaskingRule("mask-email",
                List.of(new ColumnName("shop", "customers", "email"), new ColumnName("hr", "employees", "email")),
                List.of(), MaskMethod.EMAIL, 0, 0, new Subjects(Set.of(), Set.of("support", "dba")),
                PredicateUse.EQUALITY, 87));
        MaskingRule phone = p.masking().get(1);
        assertThat(phone.method()).isEqualTo(MaskMethod.PARTIAL);
        assertThat(phone.keepFirst()).isZero();
        assertThat(phone.keepLast()).isEqualTo(2);
        assertThat(phone.except()).isEqualTo(Subjects.NONE);
        assertThat(p.masking().get(3).predicates()).isEqualTo(PredicateUse.DENY);
        assertThat(p.masking().get(4).detect()).containsExactly(Detector.CREDIT_CARD);
        assertThat(p.masking().get(4).columns()).containsExactly(
                new ColumnName("shop", "tickets", "body"), new ColumnName("shop", "orders", "note"));

        assertThat(p.rulesFor(new Caller("support-agent", Set.of("support", "agents")))).extracting(Rule::id)
                .containsExactly("support-tickets", "support-read-customers", "support-delete-ticket", "agents-no-ddl");
        assertThat(p.rulesFor(new Caller("billing-agent", Set.of()))).extracting(Rule::id)
                .containsExactly("billing-patterns");
        assertThat(p.rulesFor(new Caller("nobody", Set.of()))).isEmpty();
    }

    private static Rule rule(Policy p, String id) {
        return p.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    // ---- valid variations

    @Test
    void emptyPolicyIsValidAndTakesStandardDefaults() throws Exception {
        Policy p = parse("version: 1\n");
        assertThat(p.rules()).isEmpty();
        assertThat(p.masking()).isEmpty();
        assertThat(p.defaults()).isEqualTo(Defaults.STANDARD);
        assertThat(parse("version: 1\nrules:\nmasking: []\ndefaults:\n").rules()).isEmpty();
        assertThat(parse("version: 1\ndefaults: {max_rows: 5}\n").defaults())
                .isEqualTo(new Defaults(5, Duration.ofSeconds(30)));
    }

    @Test
    void readsDurationsKindsInAnyCaseAndOverrides() throws Exception {
        Policy p = parse(String.join("\n", "version: 1",
                "defaults: {max_rows: 7, statement_timeout: 500ms}",
                "rules:",
                "  - id: a",
                "    effect: allow",
                "    subjects: {users: [u1, u2], groups: []}",
                "    statements: [select, Update, ALL]",
                "    tables: [s.T]",
                "    columns: [Id, NAME]",
                "    require_where: false",
                "    max_rows: 3",
                "    statement_timeout: 2m",
                "  - id: b",
                "    effect: require_approval",
                "    subjects: {groups: [g]}",
                "    approvers: {users: [boss]}",
                "    statement_timeout: 1h",
                ""));
        assertThat(p.defaults()).isEqualTo(new Defaults(7, Duration.ofMillis(500)));
        Rule a = p.rules().get(0);
        assertThat(a.allStatements()).isTrue();
        assertThat(a.columns()).containsExactly("id", "name");
        assertThat(a.tables().get(0).matches("s", "T")).isTrue();
        assertThat(a.tables().get(0).matches("s", "t")).isFalse();
        assertThat(a.maxRows()).isEqualTo(3L);
        assertThat(a.statementTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(a.subjects().matches(new Caller("u2", Set.of()))).isTrue();
        assertThat(p.rules().get(1).statementTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(p.rules().get(1).approvers().users()).containsExactly("boss");
    }

    @Test
    void anchorsAndAliasesMayShareSubjects() throws Exception {
        Policy p = parse(String.join("\n", "version: 1",
                "rules:",
                "  - id: a",
                "    effect: require_approval",
                "    subjects: &ops {groups: [ops]}",
                "    approvers: *ops",
                ""));
        assertThat(p.rules().get(0).approvers()).isEqualTo(p.rules().get(0).subjects());
    }

    @Test
    void javaTagsAreNeverConstructed() {
        PolicyException e = catchThrowableOfType(PolicyException.class,
                () -> parse("version: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.reason()).startsWith("not valid YAML: Global tag is not allowed");
    }

    @Test
    void aliasBombsAndHugeInputAreRefused() {
        StringBuilder b = new StringBuilder("version: 1\nx0: &a0 [a]\n");
        for (int i = 1; i <= 60; i++) b.append("x").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append("]\n");
        assertThatThrownBy(() -> parse(b.toString())).isInstanceOf(PolicyException.class).hasMessageContaining("p.yaml:");
        String huge = "version: 1\n#" + "x".repeat(PolicyLoader.MAX_SIZE) + "\n";
        assertThatThrownBy(() -> parse(huge)).isInstanceOf(PolicyException.class)
                .hasMessage("p.yaml:1: policy is larger than 4 MiB");
    }

    @Test
    void loadNamesTheFileAndRefusesBadUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "version: 1\nrules:\n  - id: x\n    effect: permit\n    subjects: {users: [u]}\n");
        assertThatThrownBy(() -> PolicyLoader.load(file, STUB)).isInstanceOf(PolicyException.class)
                .hasMessage(file + ":4: rules[0].effect: unknown effect 'permit'; expected allow, deny or require_approval");
        Files.write(file, new byte[] {'v', ':', ' ', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> PolicyLoader.load(file, STUB)).hasMessage(file + ":1: file is not valid UTF-8");
    }

    @Test
    void reportsTheEarliestProblemInTheDocument() {
        // The deny rule's columns (line 6) precede the bad max_rows (line 8), though checked after it.
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> parse(rule(
                "    columns: [a]", "    tables: [s.t]", "    max_rows: 0").replace("effect: allow", "effect: deny")));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.key()).isEqualTo("rules[0].columns");
    }

    @Test
    void subjectsMatchExactly() {
        Subjects s = new Subjects(Set.of("alice"), Set.of("dba"));
        assertThat(s.matches(new Caller("alice", Set.of()))).isTrue();
        assertThat(s.matches(new Caller("Alice", Set.of()))).isFalse();
        assertThat(s.matches(new Caller("x", Set.of("ops", "dba")))).isTrue();
        assertThat(s.matches(new Caller("x", Set.of("DBA")))).isFalse();
        assertThat(Subjects.NONE.isEmpty()).isTrue();
        assertThat(new TablePattern("*", "*").matches("mysql", "user")).isTrue();
        assertThat(new TablePattern("shop", "*").matches("Shop", "t")).isFalse();
        assertThat(new TablePattern("shop", "*").toString()).isEqualTo("shop.*");
    }

    // ---- load errors

    /** A valid one-rule policy, lines 1 to 5; extra lines start at line 6. */
    static String rule(String... extra) {
        return "version: 1\nrules:\n  - id: r\n    effect: allow\n    subjects: {groups: [g]}\n" + lines(extra);
    }

    /** A valid one-entry masking policy, lines 1 to 5; extra lines start at line 6. */
    static String mask(String... extra) {
        return "version: 1\nmasking:\n  - id: m\n    columns: [s.t.c]\n    method: partial\n" + lines(extra);
    }

    static String lines(String... lines) {
        return lines.length == 0 ? "" : String.join("\n", lines) + "\n";
    }

    static Stream<Arguments> loadErrors() {
        return Stream.of(
                // document
                bad("not YAML", "version: 1\nrules: [\n", 3, "", "not valid YAML"),
                bad("unquoted *.*", rule("    tables: [*.*]"), 6, "", "quote values that start with *"),
                bad("tab indentation", "version: 1\n\tx: 1\n", 2, "", "not valid YAML"),
                bad("two documents", "version: 1\n---\nversion: 1\n", 2, "", "not valid YAML"),
                bad("empty document", "", 1, "", "empty policy"),
                bad("top level a list", "- version: 1\n", 1, "", "top level must be a mapping"),
                bad("top level a scalar", "hello\n", 1, "", "top level must be a mapping"),
                // unknown and duplicate keys
                bad("unknown top key", "version: 1\nrulez: []\n", 2, "rulez", "unknown key 'rulez'"),
                bad("unknown defaults key", "version: 1\ndefaults:\n  max_row: 5\n", 3, "defaults.max_row", "unknown key"),
                bad("unknown rule key", rule("    effekt: deny"), 6, "rules[0].effekt", "unknown key 'effekt'"),
                bad("unknown subjects key", rule("    approvers: {group: [dba]}").replace("allow", "require_approval"),
                        6, "rules[0].approvers.group", "unknown key 'group'"),
                bad("unknown masking key", mask("    keep: 2"), 6, "masking[0].keep", "unknown key 'keep'"),
                bad("unknown except key", mask("    except: {user: [a]}"), 6, "masking[0].except.user", "unknown key"),
                bad("merge key", rule("    <<: {max_rows: 5}"), 6, "rules[0].<<", "unknown key '<<'"),
                bad("duplicate key", rule("    effect: deny"), 6, "rules[0].effect", "duplicate key 'effect'"),
                // version
                bad("missing version", "rules: []\n", 1, "version", "missing required key 'version'"),
                bad("version 2", "version: 2\n", 1, "version", "unsupported version '2'; expected 1"),
                bad("local tag", "version: !foo 1\n", 1, "version", "unsupported tag '!foo'"),
                bad("version string", "version: '1'\n", 1, "version", "unsupported version"),
                // required keys
                bad("rule without id", "version: 1\nrules:\n  - effect: allow\n    subjects: {users: [u]}\n",
                        3, "rules[0].id", "missing required key 'id'"),
                bad("rule without effect", "version: 1\nrules:\n  - id: r\n    subjects: {users: [u]}\n",
                        3, "rules[0].effect", "missing required key 'effect'"),
                bad("rule without subjects", "version: 1\nrules:\n  - id: r\n    effect: allow\n",
                        3, "rules[0].subjects", "missing required key 'subjects'"),
                bad("rule empty subjects", "version: 1\nrules:\n  - id: r\n    effect: allow\n    subjects: {}\n",
                        5, "rules[0].subjects", "names no users and no groups"),
                bad("rule subjects with empty lists",
                        "version: 1\nrules:\n  - id: r\n    effect: allow\n    subjects: {users: [], groups: []}\n",
                        5, "rules[0].subjects", "names no users and no groups"),
                bad("masking without id", "version: 1\nmasking:\n  - columns: [s.t.c]\n    method: redact\n",
                        3, "masking[0].id", "missing required key 'id'"),
                bad("masking without columns", "version: 1\nmasking:\n  - id: m\n    method: redact\n",
                        3, "masking[0].columns", "missing required key 'columns'"),
                bad("masking without method", "version: 1\nmasking:\n  - id: m\n    columns: [s.t.c]\n",
                        3, "masking[0].method", "missing required key 'method'"),
                // duplicate ids
                bad("duplicate rule id", rule("  - id: r", "    effect: deny", "    subjects: {users: [u]}"),
                        6, "rules[1].id", "duplicate id 'r' (first used on line 3)"),
                bad("duplicate id before another problem", rule("  - id: r", "    effect: deny",
                        "    subjects: {users: [u]}", "    max_rows: 0"), 6, "rules[1].id", "duplicate id 'r'"),
                bad("rule and masking share an id", rule("masking:", "  - id: r", "    columns: [s.t.c]",
                        "    method: redact"), 7, "masking[0].id", "duplicate id 'r'"),
                // enumerations
                bad("unknown effect", rule().replace("effect: allow", "effect: permit"), 4, "rules[0].effect",
                        "unknown effect 'permit'; expected allow, deny or require_approval"),
                bad("unknown statement kind", rule("    statements: [SELECT, SELEKT]"), 6,
                        "rules[0].statements[1]", "unknown statement kind 'SELEKT'; expected ALL or SELECT, INSERT"),
                bad("non-ASCII kind", rule("    statements: [\u0131nsert]"), 6, "rules[0].statements[0]",
                        "unknown statement kind"),
                bad("unknown method", mask().replace("partial", "scramble"), 5, "masking[0].method",
                        "unknown method 'scramble'; expected redact, partial, email, hash or null"),
                bad("unknown detector", mask("    detect: [email, iban]"), 6, "masking[0].detect[1]",
                        "unknown detector 'iban'; expected credit_card or email"),
                bad("unknown predicates", mask("    predicates: never"), 6, "masking[0].predicates",
                        "unknown predicates value 'never'; expected equality, deny or allow"),
                // durations and numbers
                bad("duration without unit", "version: 1\ndefaults:\n  statement_timeout: 30\n", 3,
                        "defaults.statement_timeout", "bad duration '30'"),
                bad("duration unknown unit", rule("    statement_timeout: 2d"), 6, "rules[0].statement_timeout",
                        "bad duration '2d'"),
                bad("duration with space", rule("    statement_timeout: 5 s"), 6, "rules[0].statement_timeout",
                        "bad duration"),
                bad("zero duration", rule("    statement_timeout: 0s"), 6, "rules[0].statement_timeout",
                        "must be positive"),
                bad("max_rows zero", "version: 1\ndefaults: {max_rows: 0}\n", 2, "defaults.max_rows",
                        "expected a positive integer, found '0'"),
                bad("max_rows negative", rule("    max_rows: -5"), 6, "rules[0].max_rows", "positive integer"),
                bad("max_rows fraction", rule("    max_rows: 1.5"), 6, "rules[0].max_rows", "positive integer"),
                bad("max_rows quoted", rule("    max_rows: '10'"), 6, "rules[0].max_rows", "positive integer"),
                bad("max_rows huge", rule("    max_rows: 99999999999999999999"), 6, "rules[0].max_rows", "too large"),
                bad("keep_first negative", mask("    keep_first: -1"), 6, "masking[0].keep_first",
                        "non-negative integer"),
                bad("keep_last text", mask("    keep_last: four"), 6, "masking[0].keep_last", "non-negative integer"),
                bad("keep with another method", mask("    keep_last: 4").replace("partial", "redact"), 6,
                        "masking[0].keep_last", "keep_last applies only to method partial, not redact"),
                // approvers
                bad("require_approval without approvers", rule().replace("allow", "require_approval"), 3,
                        "rules[0].approvers", "needs approvers"),
                bad("approvers on allow", rule("    approvers: {groups: [dba]}"), 6, "rules[0].approvers",
                        "only on a require_approval rule"),
                bad("empty approvers", rule("    approvers: {users: []}").replace("allow", "require_approval"), 6,
                        "rules[0].approvers", "names no users and no groups"),
                // conditions
                bad("columns on deny", rule("    tables: [s.t]", "    columns: [a]").replace("allow", "deny"), 7,
                        "rules[0].columns", "not of deny"),
                bad("require_where on deny", rule("    require_where: true").replace("allow", "deny"), 6,
                        "rules[0].require_where", "not of deny"),
                bad("columns without tables", rule("    columns: [a]"), 6, "rules[0].columns",
                        "columns needs tables"),
                bad("columns with wildcard table", rule("    tables: [s.t, \"s.*\"]", "    columns: [a]"), 7,
                        "rules[0].columns", "not 's.*'"),
                bad("require_where without UPDATE or DELETE",
                        rule("    statements: [SELECT, INSERT]", "    require_where: true"), 7,
                        "rules[0].require_where", "include UPDATE or DELETE"),
                bad("require_where not boolean", rule("    require_where: yes"), 6, "rules[0].require_where",
                        "expected true or false"),
                // tables and columns
                bad("table without schema", rule("    tables: [s.t, orders]"), 6, "rules[0].tables[1]",
                        "'orders' is not a table pattern; expected schema.table, schema.* or *.*"),
                bad("table with three parts", rule("    tables: [a.b.c]"), 6, "rules[0].tables[0]", "not a table pattern"),
                bad("star schema with table", rule("    tables: [\"*.orders\"]"), 6, "rules[0].tables[0]",
                        "not a table pattern"),
                bad("empty schema", rule("    tables: [.orders]"), 6, "rules[0].tables[0]", "not a table pattern"),
                bad("empty table", rule("    tables: [\"shop.\"]"), 6, "rules[0].tables[0]", "not a table pattern"),
                bad("whitespace in table", rule("    tables: [\"shop. orders\"]"), 6, "rules[0].tables[0]",
                        "not a table pattern"),
                bad("partial wildcard", rule("    tables: [\"shop.ord*\"]"), 6, "rules[0].tables[0]",
                        "not a table pattern"),
                bad("tables on a later line", rule("    tables:", "      - s.t", "      - s"), 8,
                        "rules[0].tables[1]", "not a table pattern"),
                bad("column with dot", rule("    tables: [s.t]", "    columns: [t.a]"), 7, "rules[0].columns[0]",
                        "not a column name"),
                bad("masking column with two parts", mask().replace("s.t.c", "s.t"), 4, "masking[0].columns[0]",
                        "'s.t' is not a column; expected schema.table.column"),
                bad("masking column with four parts", mask().replace("s.t.c", "s.t.c.d"), 4,
                        "masking[0].columns[0]", "expected schema.table.column"),
                bad("masking column wildcard", mask().replace("[s.t.c]", "[\"s.t.*\"]"), 4, "masking[0].columns[0]",
                        "expected schema.table.column"),
                bad("masking column empty part", mask().replace("s.t.c", "s..c"), 4, "masking[0].columns[0]",
                        "expected schema.table.column"),
                // patterns
                bad("pattern the compiler refuses", rule("    patterns:", "      - \"SELECT 1\"", "      - \"BROKEN x\""),
                        8, "rules[0].patterns[1]", "pattern does not parse near 'BROKEN'"),
                // types
                bad("statements scalar", rule("    statements: SELECT"), 6, "rules[0].statements",
                        "expected a list, found 'SELECT'"),
                bad("statements empty", rule("    statements: []"), 6, "rules[0].statements", "empty list"),
                bad("id a list", "version: 1\nrules:\n  - id: [a]\n    effect: allow\n    subjects: {users: [u]}\n", 3,
                        "rules[0].id", "expected a single value, found a list"),
                bad("id null", "version: 1\nrules:\n  - id: ~\n    effect: allow\n    subjects: {users: [u]}\n", 3,
                        "rules[0].id", "expected a name"),
                bad("users scalar", rule("    approvers: {users: alice}").replace("allow", "require_approval"), 6,
                        "rules[0].approvers.users", "expected a list"),
                bad("empty user name", rule().replace("groups: [g]", "users: [\"\"]"), 5,
                        "rules[0].subjects.users[0]", "missing value"),
                bad("user name padded", rule().replace("groups: [g]", "users: [\" u\"]"), 5,
                        "rules[0].subjects.users[0]", "surrounding whitespace"),
                bad("id with a line break", "version: 1\nrules:\n  - id: \"a\\nb\"\n    effect: allow\n"
                        + "    subjects: {users: [u]}\n", 3, "rules[0].id", "control characters"),
                bad("rule not a mapping", "version: 1\nrules:\n  - just-a-name\n", 3, "rules[0]",
                        "expected a mapping, found 'just-a-name'"),
                bad("rules a mapping", "version: 1\nrules: {id: r}\n", 2, "rules", "expected a list, found a mapping"),
                bad("defaults a list", "version: 1\ndefaults: [1]\n", 2, "defaults", "expected a mapping"),
                bad("subjects a list", rule().replace("{groups: [g]}", "[g]"), 5, "rules[0].subjects",
                        "expected a mapping, found a list"));
    }

    static Arguments bad(String name, String yaml, int line, String key, String reason) {
        return Arguments.of(name, yaml, line, key, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loadErrors")
    void refusesBadPolicies(String name, String yaml, int line, String key, String reason) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> parse(yaml));
        assertThat(e).as("no error for %s", name).isNotNull();
        assertThat(e.file()).isEqualTo("p.yaml");
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.key()).as(e.getMessage()).isEqualTo(key);
        assertThat(e.reason()).as(e.getMessage()).contains(reason);
        assertThat(e.getMessage()).isEqualTo("p.yaml:" + line + ": " + (key.isEmpty() ? "" : key + ": ") + e.reason());
    }
}
