package dev.guard.policy;

import dev.guard.mask.Detector;
import dev.guard.mask.MaskMethod;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and validates a policy file, format version 1.
 *
 * <p>The YAML is only composed into nodes, never constructed into Java objects, and its size, nesting and
 * aliases are bounded. Every problem is reported with the file, the line and the key path; when there are
 * several, the one on the earliest line is reported (a missing key counts at the line of the mapping that
 * lacks it).
 */
public final class PolicyLoader {
    /** Largest policy accepted, in bytes of the file and in characters of the text. */
    static final int MAX_SIZE = 4 * 1024 * 1024;

    private static final List<String> TOP_KEYS = List.of("version", "defaults", "rules", "masking");
    private static final List<String> DEFAULTS_KEYS = List.of("max_rows", "statement_timeout");
    private static final List<String> RULE_KEYS = List.of("id", "effect", "subjects", "statements", "tables",
            "columns", "require_where", "patterns", "approvers", "max_rows", "statement_timeout");
    private static final List<String> SUBJECT_KEYS = List.of("users", "groups");
    private static final List<String> MASKING_KEYS = List.of("id", "columns", "detect", "method", "keep_first",
            "keep_last", "except", "predicates");
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]+");
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)");

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

    private final String source;
    private final PatternCompiler compiler;
    private final Map<String, Integer> ids = new HashMap<>();
    private PolicyException first;
    private int problems;

    private PolicyLoader(String source, PatternCompiler compiler) {
        this.source = source;
        this.compiler = compiler;
    }

    // ---- document and sections

    private Policy document(String text) throws PolicyException {
        if (text.length() > MAX_SIZE) throw new PolicyException(source, 1, "", "policy is larger than 4 MiB");
        Node root;
        try {
            root = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getContext() == null ? e.getProblem()
                    : e.getProblem() == null ? e.getContext() : e.getContext() + ": " + e.getProblem();
            if ("while scanning an alias".equals(e.getContext())) {
                problem += "; quote values that start with *, as \"*.*\"";
            }
            throw new PolicyException(source, m == null ? 1 : m.getLine() + 1, "", "not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw new PolicyException(source, 1, "", "not valid YAML: " + e.getMessage());
        }
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
        if (first != null) throw first;
        return new Policy(defaults, rules, masking, source);
    }

    private static Yaml yaml() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_SIZE);
        o.setMaxAliasesForCollections(50);
        o.setNestingDepthLimit(20);
        o.setAllowRecursiveKeys(false);
        o.setProcessComments(false);
        o.setMergeOnCompose(false);
        return new Yaml(new SafeConstructor(o));
    }

    private Object version(Node n, String path) throws PolicyException {
        ScalarNode s = scalar(n, path);
        if (!s.getTag().equals(Tag.INT) || !s.getValue().equals("1")) {
            throw error(n, path, "unsupported version " + NameSyntax.quote(s.getValue()) + "; expected 1");
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

    /** Parses a list of entries (an empty value counts as an empty list), keeping those without problems. */
    private <T> void entries(Node n, String path, Value<T> entry, List<T> out) {
        if (isNull(n)) return;
        try {
            List<Node> items = list(n, path, true);
            for (int i = 0; i < items.size(); i++) {
                T t = entry.read(items.get(i), path + "[" + i + "]");
                if (t != null) out.add(t);
            }
        } catch (PolicyException e) {
            report(e);
        }
    }

    private Rule rule(Node n, String path) throws PolicyException {
        MappingNode m = mapping(n, path);
        int before = problems;
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
                                + "schema.table, not " + NameSyntax.quote(t));
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
        if (problems != before) return null;
        return new Rule(id, effect, subjects, covered, covered.size() == StatementKind.values().length,
                tables, columns, Boolean.TRUE.equals(requireWhere), patterns == null ? List.of() : patterns,
                approvers, maxRows, timeout, line(m));
    }

    private MaskingRule masking(Node n, String path) throws PolicyException {
        MappingNode m = mapping(n, path);
        int before = problems;
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
        if (problems != before) return null;
        return new MaskingRule(id, columns, detect == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(detect)),
                method, keepFirst == null ? 0 : keepFirst, keepLast == null ? 0 : keepLast,
                except == null ? Subjects.NONE : except, predicates == null ? PredicateUse.EQUALITY : predicates,
                line(m));
    }

    private void claim(String id, Node at, String path) {
        Integer earlier = ids.putIfAbsent(id, line(at));
        if (earlier != null) {
            report(error(at, path, "duplicate id " + NameSyntax.quote(id) + " (first used on line " + earlier + ")"));
        }
    }

    // ---- values (each throws the first problem it finds)

    @FunctionalInterface
    private interface Value<T> {
        T read(Node n, String path) throws PolicyException;
    }

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
        throw error(n, path, "unknown statement kind " + NameSyntax.quote(text) + "; expected ALL or "
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
                throw error(v, p, NameSyntax.quote(name) + " is not a column name; write plain names without dots, "
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
        throw error(n, path, "unknown " + what + " " + NameSyntax.quote(text) + "; expected "
                + oneOf(List.of(values), policyName));
    }

    private Long positive(Node n, String path) throws PolicyException {
        long v = integer(n, path, "a positive integer");
        if (v <= 0) throw error(n, path, "expected a positive integer, found " + NameSyntax.quote(v));
        return v;
    }

    private Integer nonNegative(Node n, String path) throws PolicyException {
        long v = integer(n, path, "a non-negative integer");
        if (v > Integer.MAX_VALUE) throw error(n, path, "too large: " + v);
        return (int) v;
    }

    /** A plain decimal integer without sign, as YAML reads it unquoted. */
    private long integer(Node n, String path, String expected) throws PolicyException {
        ScalarNode s = scalar(n, path);
        if (!s.getTag().equals(Tag.INT) || !DIGITS.matcher(s.getValue()).matches()) {
            throw error(n, path, "expected " + expected + ", found " + NameSyntax.quote(s.getValue()));
        }
        try {
            return Long.parseLong(s.getValue());
        } catch (NumberFormatException e) {
            throw error(n, path, "too large: " + s.getValue());
        }
    }

    private Duration duration(Node n, String path) throws PolicyException {
        String text = scalar(n, path).getValue();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw error(n, path, "bad duration " + NameSyntax.quote(text)
                    + "; expected an integer followed by ms, s, m or h, e.g. 30s");
        }
        if (m.group(1).length() > 9) throw error(n, path, "duration too large: " + text);
        long amount = Long.parseLong(m.group(1));
        if (amount == 0) throw error(n, path, "bad duration " + NameSyntax.quote(text) + "; it must be positive");
        ChronoUnit unit = switch (m.group(2)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            default -> ChronoUnit.HOURS;
        };
        return Duration.of(amount, unit);
    }

    private Boolean bool(Node n, String path) throws PolicyException {
        String text = scalar(n, path).getValue();
        if (text.equals("true")) return true;
        if (text.equals("false")) return false;
        throw error(n, path, "expected true or false, found " + NameSyntax.quote(text));
    }

    /** A non-empty name: no null, no surrounding whitespace, no control characters. */
    private String name(Node n, String path) throws PolicyException {
        ScalarNode s = scalar(n, path);
        if (s.getTag().equals(Tag.NULL)) {
            throw error(n, path, "expected a name, found " + NameSyntax.quote(s.getValue()));
        }
        String text = text(n, path);
        if (text.isBlank() || !text.strip().equals(text) || text.chars().anyMatch(Character::isISOControl)) {
            throw error(n, path, NameSyntax.quote(text)
                    + " is not a name: it is blank, has surrounding whitespace or holds control characters");
        }
        return text;
    }

    /** A non-empty scalar's text. */
    private String text(Node n, String path) throws PolicyException {
        String text = scalar(n, path).getValue();
        if (text.isEmpty()) throw error(n, path, "missing value");
        return text;
    }

    // ---- structure

    private <T> List<T> each(Node n, String path, Value<T> element) throws PolicyException {
        return each(n, path, element, false);
    }

    /** The list's elements read one by one; empty lists are refused unless {@code mayBeEmpty}. */
    private <T> List<T> each(Node n, String path, Value<T> element, boolean mayBeEmpty) throws PolicyException {
        List<Node> items = list(n, path, mayBeEmpty);
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) out.add(element.read(items.get(i), path + "[" + i + "]"));
        return out;
    }

    private List<Node> list(Node n, String path, boolean mayBeEmpty) throws PolicyException {
        checkTag(n, path);
        if (!(n instanceof SequenceNode s)) throw error(n, path, "expected a list, found " + describe(n));
        if (s.getValue().isEmpty() && !mayBeEmpty) {
            throw error(n, path, "empty list; give at least one entry or leave the key out");
        }
        return s.getValue();
    }

    private MappingNode mapping(Node n, String path) throws PolicyException {
        checkTag(n, path);
        if (!(n instanceof MappingNode m)) throw error(n, path, "expected a mapping, found " + describe(n));
        return m;
    }

    private ScalarNode scalar(Node n, String path) throws PolicyException {
        checkTag(n, path);
        if (!(n instanceof ScalarNode s)) throw error(n, path, "expected a single value, found " + describe(n));
        return s;
    }

    /** Refuses explicit application tags such as {@code !foo}: a policy holds plain YAML values only. */
    private void checkTag(Node n, String path) throws PolicyException {
        if (!n.getTag().getValue().startsWith(Tag.PREFIX)) {
            throw error(n, path, "unsupported tag " + NameSyntax.quote(n.getTag().getValue()));
        }
    }

    /** The known keys of a mapping in document order; reports unknown, duplicate and non-scalar keys. */
    private Map<String, NodeTuple> fields(MappingNode m, String path, List<String> allowed) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || !k.getTag().getValue().startsWith(Tag.PREFIX)) {
                report(error(t.getKeyNode(), path, "a key must be a plain name, found " + describe(t.getKeyNode())));
                continue;
            }
            String key = join(path, k.getValue());
            if (!allowed.contains(k.getValue())) {
                report(error(k, key, "unknown key " + NameSyntax.quote(k.getValue()) + "; expected "
                        + oneOf(allowed, s -> s)));
            } else if (out.containsKey(k.getValue())) {
                report(error(k, key, "duplicate key " + NameSyntax.quote(k.getValue())));
            } else {
                out.put(k.getValue(), t);
            }
        }
        return out;
    }

    /** Reads a key's value if present; a problem is reported and gives null, as does an absent key. */
    private <T> T field(Map<String, NodeTuple> f, String key, String path, Value<T> value) {
        NodeTuple t = f.get(key);
        if (t == null) return null;
        try {
            return value.read(t.getValueNode(), join(path, key));
        } catch (PolicyException e) {
            report(e);
            return null;
        }
    }

    /** Reports a problem with a present key, at the key's line. */
    private void keyProblem(Map<String, NodeTuple> f, String key, String path, String reason) {
        NodeTuple t = f.get(key);
        if (t != null) report(error(t.getKeyNode(), join(path, key), reason));
    }

    private void missing(MappingNode m, String path, String key) {
        report(error(m, join(path, key), "missing required key " + NameSyntax.quote(key)));
    }

    private void report(PolicyException e) {
        problems++;
        if (first == null || e.line() < first.line()) first = e;
    }

    private PolicyException error(Node at, String path, String reason) {
        return new PolicyException(source, line(at), path, reason);
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(Node n) {
        if (n instanceof SequenceNode) return "a list";
        if (n instanceof MappingNode) return "a mapping";
        return NameSyntax.quote(((ScalarNode) n).getValue());
    }

    private static <E> String oneOf(List<E> values, Function<E, String> name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) b.append(i == values.size() - 1 ? " or " : ", ");
            b.append(name.apply(values.get(i)));
        }
        return b.toString();
    }
}
