package dev.guard.policy;

import dev.guard.mask.Detector;
import dev.guard.mask.MaskMethod;
import dev.guard.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and validates a policy file, format version 1. Every problem is reported with the file, the line and the
 * key path; when there are several, the one on the earliest line is reported (see {@link YamlReader}).
 */
public final class PolicyLoader extends YamlReader<PolicyException> {
    /** Largest policy accepted, in bytes of the file and in characters of the text. */
    static final int MAX_SIZE = 4 * 1024 * 1024;

    private static final List<String> TOP_KEYS = List.of("version", "defaults", "rules", "masking");
    private static final List<String> DEFAULTS_KEYS = List.of("max_rows", "statement_timeout");
    private static final List<String> RULE_KEYS = List.of("id", "effect", "subjects", "statements", "tables",
            "columns", "require_where", "patterns", "approvers", "max_rows", "statement_timeout");
    private static final List<String> SUBJECT_KEYS = List.of("users", "groups");
    private static final List<String> MASKING_KEYS = List.of("id", "columns", "detect", "method", "keep_first",
            "keep_last", "except", "predicates");

    /** Turns a rule's pattern into its fingerprint. */
    @FunctionalInterface
    public interface PatternCompiler {
        /**
         * Returns the fingerprint of a pattern; throws IllegalArgumentException whose message is the reason when
         * the pattern does not parse, holds more than one statement or names a table without its schema.
         */
        String fingerprint(String sql);
    }

    /** Reads the file as UTF-8; messages name it as given. */
    public static Policy load(Path file, PatternCompiler patterns) throws PolicyException, IOException {
        String name = file.toString();
        if (Files.size(file) > MAX_SIZE) throw new PolicyException(name, 1, "", "file is larger than 4 MiB");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new PolicyException(name, 1, "", "file is not valid UTF-8");
        }
        return parse(text, name, patterns);
    }

    /** Parses policy text; {@code sourceName} names it in messages. */
    public static Policy parse(String yamlText, String sourceName, PatternCompiler patterns) throws PolicyException {
        return new PolicyLoader(sourceName, patterns).document(yamlText);
    }

    private final PatternCompiler compiler;
    private final Map<String, Integer> ids = new HashMap<>();

    private PolicyLoader(String source, PatternCompiler compiler) {
        super(source, PolicyException::new);
        this.compiler = compiler;
    }

    // ---- document and sections

    private Policy document(String text) throws PolicyException {
        if (text.length() > MAX_SIZE) throw new PolicyException(source, 1, "", "policy is larger than 4 MiB");
        Node root = compose(text, MAX_SIZE, false);
        if (root == null) throw new PolicyException(source, 1, "", "empty policy; expected a mapping with version: 1");
        if (!(root instanceof MappingNode top)) {
            throw new PolicyException(source, line(root), "", "the top level must be a mapping with version: 1, "
                    + "defaults, rules and masking");
        }
        Map<String, NodeTuple> f = fields(top, "", TOP_KEYS);
        if (!f.containsKey("version")) missing(top, "", "version");
        Defaults defaults = Defaults.STANDARD;
        List<Rule> rules = new ArrayList<>();
        List<MaskingRule> masking = new ArrayList<>();
        for (Map.Entry<String, NodeTuple> e : f.entrySet()) {
            Node value = e.getValue().getValueNode();
            switch (e.getKey()) {
                case "version" -> field(f, "version", "", this::version);
                case "defaults" -> {
                    Defaults d = isNull(value) ? null : field(f, "defaults", "", this::defaults);
                    if (d != null) defaults = d;
                }
                case "rules" -> entries(value, "rules", this::rule, rules);
                case "masking" -> entries(value, "masking", this::masking, masking);
                default -> throw new IllegalStateException(e.getKey());
            }
        }
        throwFirst();
        return new Policy(defaults, rules, masking, source);
    }

    private Object version(Node n, String path) throws PolicyException {
        ScalarNode s = scalar(n, path);
        if (!s.getTag().equals(Tag.INT) || !s.getValue().equals("1")) {
            throw error(n, path, "unsupported version " + quote(s.getValue()) + "; expected 1");
        }
        return 1;
    }

    private Defaults defaults(Node n, String path) throws PolicyException {
        MappingNode m = mapping(n, path);
        Map<String, NodeTuple> f = fields(m, path, DEFAULTS_KEYS);
        Long maxRows = field(f, "max_rows", path, this::positive);
        Duration timeout = field(f, "statement_timeout", path, this::duration);
        return new Defaults(maxRows != null ? maxRows : Defaults.DEFAULT_MAX_ROWS,
                timeout != null ? timeout : Defaults.DEFAULT_STATEMENT_TIMEOUT);
    }

    private Rule rule(Node n, String path) throws PolicyException {
        MappingNode m = mapping(n, path);
        int before = problems();
        Map<String, NodeTuple> f = fields(m, path, RULE_KEYS);
        String id = field(f, "id", path, this::name);
        if (id != null) claim(id, f.get("id").getValueNode(), join(path, "id"));
        Effect effect = field(f, "effect", path, (v, p) -> choice(v, p, Effect.values(), "effect", Effect::policyName));
        Subjects subjects = field(f, "subjects", path, (v, p) -> subjects(v, p, false));
        Set<StatementKind> kinds = field(f, "statements", path, this::kinds);
        List<TablePattern> tables = field(f, "tables", path, this::tables);
        Set<String> columns = field(f, "columns", path, this::columns);
        Boolean requireWhere = field(f, "require_where", path, this::bool);
        List<Pattern> patterns = field(f, "patterns", path, this::patterns);
        Subjects approvers = field(f, "approvers", path, (v, p) -> subjects(v, p, false));
        Long maxRows = field(f, "max_rows", path, this::positive);
        Duration timeout = field(f, "statement_timeout", path, this::duration);
        for (String key : List.of("id", "effect", "subjects")) {
            if (!f.containsKey(key)) missing(m, path, key);
        }
        if (effect != null) {
            boolean approval = effect == Effect.REQUIRE_APPROVAL;
            if (approval && !f.containsKey("approvers")) {
                report(error(m, path + ".approvers", "a require_approval rule needs approvers"));
            }
            if (!approval) keyProblem(f, "approvers", path, "approvers belong only on a require_approval rule");
            if (effect == Effect.DENY) {
                keyProblem(f, "columns", path,
                        "columns is a condition of allow and require_approval rules, not of deny");
                keyProblem(f, "require_where", path,
                        "require_where is a condition of allow and require_approval rules, not of deny");
            }
        }
        if (columns != null) {
            if (!f.containsKey("tables")) {
                keyProblem(f, "columns", path, "columns needs tables that name each table as schema.table");
            } else if (tables != null) {
                for (TablePattern t : tables) {
                    if (t.isWildcard()) {
                        keyProblem(f, "columns", path, "columns needs tables that name each table as "
                                + "schema.table, not " + quote(t));
                        break;
                    }
                }
            }
        }
        Set<StatementKind> covered = kinds != null ? kinds : EnumSet.allOf(StatementKind.class);
        if (requireWhere != null && (kinds != null || !f.containsKey("statements"))
                && !covered.contains(StatementKind.UPDATE) && !covered.contains(StatementKind.DELETE)) {
            keyProblem(f, "require_where", path, "require_where needs statements that include UPDATE or DELETE");
        }
        if (problems() != before) return null;
        return new Rule(id, effect, subjects, covered, covered.size() == StatementKind.values().length,
                tables, columns, Boolean.TRUE.equals(requireWhere), patterns == null ? List.of() : patterns,
                approvers, maxRows, timeout, line(m));
    }

    private MaskingRule masking(Node n, String path) throws PolicyException {
        MappingNode m = mapping(n, path);
        int before = problems();
        Map<String, NodeTuple> f = fields(m, path, MASKING_KEYS);
        String id = field(f, "id", path, this::name);
        if (id != null) claim(id, f.get("id").getValueNode(), join(path, "id"));
        List<ColumnName> columns = field(f, "columns", path, (v, p) -> each(v, p, this::column));
        List<Detector> detect = field(f, "detect", path, (v, p) -> each(v, p,
                (d, dp) -> choice(d, dp, Detector.values(), "detector", Detector::policyName)));
        MaskMethod method = field(f, "method", path,
                (v, p) -> choice(v, p, MaskMethod.values(), "method", MaskMethod::policyName));
        Integer keepFirst = field(f, "keep_first", path, this::nonNegative);
        Integer keepLast = field(f, "keep_last", path, this::nonNegative);
        Subjects except = field(f, "except", path, (v, p) -> subjects(v, p, true));
        PredicateUse predicates = field(f, "predicates", path,
                (v, p) -> choice(v, p, PredicateUse.values(), "predicates value", PredicateUse::policyName));
        for (String key : List.of("id", "columns", "method")) {
            if (!f.containsKey(key)) missing(m, path, key);
        }
        if (method != null && method != MaskMethod.PARTIAL) {
            for (String key : List.of("keep_first", "keep_last")) {
                keyProblem(f, key, path, key + " applies only to method partial, not " + method.policyName());
            }
        }
        if (problems() != before) return null;
        return new MaskingRule(id, columns, detect == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(detect)),
                method, keepFirst == null ? 0 : keepFirst, keepLast == null ? 0 : keepLast,
                except == null ? Subjects.NONE : except, predicates == null ? PredicateUse.EQUALITY : predicates,
                line(m));
    }

    private void claim(String id, Node at, String path) {
        Integer earlier = ids.putIfAbsent(id, line(at));
        if (earlier != null) {
            report(error(at, path, "duplicate id " + quote(id) + " (first used on line " + earlier + ")"));
        }
    }

    // ---- values (each throws the first problem it finds)

    private Subjects subjects(Node n, String path, boolean mayBeEmpty) throws PolicyException {
        MappingNode m = mapping(n, path);
        Map<String, NodeTuple> f = fields(m, path, SUBJECT_KEYS);
        List<String> users = field(f, "users", path, (v, p) -> each(v, p, this::name, true));
        List<String> groups = field(f, "groups", path, (v, p) -> each(v, p, this::name, true));
        Subjects s = new Subjects(Subjects.ordered(users == null ? List.of() : users),
                Subjects.ordered(groups == null ? List.of() : groups));
        if (s.isEmpty() && !mayBeEmpty && (users != null || !f.containsKey("users"))
                && (groups != null || !f.containsKey("groups"))) {
            throw error(n, path, "names no users and no groups");
        }
        return s;
    }

    private Set<StatementKind> kinds(Node n, String path) throws PolicyException {
        Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
        for (Set<StatementKind> k : each(n, path, this::kind)) kinds.addAll(k);
        return kinds;
    }

    /** One entry of {@code statements}, in any letter case; {@code ALL} is every kind. */
    private Set<StatementKind> kind(Node n, String path) throws PolicyException {
        String text = text(n, path);
        String upper = NameSyntax.upperAscii(text);
        if (upper.equals("ALL")) return EnumSet.allOf(StatementKind.class);
        for (StatementKind k : StatementKind.values()) {
            if (k.name().equals(upper)) return EnumSet.of(k);
        }
        throw error(n, path, "unknown statement kind " + quote(text) + "; expected ALL or "
                + oneOf(List.of(StatementKind.values()), StatementKind::name));
    }

    private List<TablePattern> tables(Node n, String path) throws PolicyException {
        return each(n, path, (v, p) -> {
            String text = text(v, p);
            try {
                return TablePattern.parse(text);
            } catch (IllegalArgumentException e) {
                throw error(v, p, e.getMessage());
            }
        });
    }

    private Set<String> columns(Node n, String path) throws PolicyException {
        List<String> names = each(n, path, (v, p) -> {
            String name = text(v, p);
            if (!NameSyntax.plain(name, false)) {
                throw error(v, p, quote(name) + " is not a column name; write plain names without dots, "
                        + "the rule's tables say which tables they belong to");
            }
            return NameSyntax.lowerAscii(name);
        });
        return new LinkedHashSet<>(names);
    }

    private ColumnName column(Node n, String path) throws PolicyException {
        String text = text(n, path);
        try {
            return ColumnName.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(n, path, e.getMessage());
        }
    }

    private List<Pattern> patterns(Node n, String path) throws PolicyException {
        return each(n, path, (v, p) -> {
            String sql = text(v, p);
            String fingerprint;
            try {
                fingerprint = compiler.fingerprint(sql);
            } catch (IllegalArgumentException e) {
                throw error(v, p, e.getMessage() != null ? e.getMessage() : "not a valid pattern");
            }
            return new Pattern(sql, fingerprint, line(v));
        });
    }

    private <E> E choice(Node n, String path, E[] values, String what, Function<E, String> policyName)
            throws PolicyException {
        String text = text(n, path);
        for (E v : values) {
            if (policyName.apply(v).equals(text)) return v;
        }
        throw error(n, path, "unknown " + what + " " + quote(text) + "; expected "
                + oneOf(List.of(values), policyName));
    }

    private Long positive(Node n, String path) throws PolicyException {
        long v = integer(n, path, "a positive integer");
        if (v <= 0) throw error(n, path, "expected a positive integer, found " + quote(v));
        return v;
    }

    private Integer nonNegative(Node n, String path) throws PolicyException {
        long v = integer(n, path, "a non-negative integer");
        if (v > Integer.MAX_VALUE) throw error(n, path, "too large: " + v);
        return (int) v;
    }

    private Boolean bool(Node n, String path) throws PolicyException {
        String text = scalar(n, path).getValue();
        if (text.equals("true")) return true;
        if (text.equals("false")) return false;
        throw error(n, path, "expected true or false, found " + quote(text));
    }
}
