package dev.guard.yaml;

import java.io.StringReader;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * What Guard's YAML loaders share; each extends it with its own keys and checks. The YAML is only composed into
 * nodes, never constructed into Java objects, and its size, nesting and aliases are bounded. Every problem carries
 * the file, the line and the key path. Problems are collected rather than stopping at the first, and the one on the
 * earliest line is thrown (a missing key counts at the line of the mapping that lacks it).
 *
 * <p>Readers of one value throw the first problem they find; {@link #field} and {@link #entries} report it and let
 * the loader go on.
 */
public abstract class YamlReader<E extends YamlProblem> {
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

    /** Makes the loader's own exception, e.g. {@code PolicyException::new}. */
    @FunctionalInterface
    protected interface ProblemFactory<X extends YamlProblem> {
        X create(String file, int line, String key, String reason);
    }

    /** Reads the value at a key path, throwing the first problem it finds. */
    @FunctionalInterface
    protected interface Value<T, X extends YamlProblem> {
        T read(Node n, String path) throws X;
    }

    /** The file's name as given to the loader. */
    protected final String source;
    private final ProblemFactory<E> factory;
    private E first;
    private int problems;

    protected YamlReader(String source, ProblemFactory<E> factory) {
        this.source = source;
        this.factory = factory;
    }

    /**
     * The document's root node; null when the text holds none. When the file {@code mayHoldSecrets}, a message
     * repeats none of its text.
     */
    protected Node compose(String text, int maxSize, boolean mayHoldSecrets) throws E {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(maxSize);
        o.setMaxAliasesForCollections(50);
        o.setNestingDepthLimit(20);
        o.setAllowRecursiveKeys(false);
        o.setProcessComments(false);
        o.setMergeOnCompose(false);
        try {
            return new Yaml(new SafeConstructor(o)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            // Only the scanner's problem and context, never the snippet of the line: it could hold a secret.
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getContext() == null ? e.getProblem()
                    : e.getProblem() == null ? e.getContext() : e.getContext() + ": " + e.getProblem();
            if (mayHoldSecrets && problem != null && problem.startsWith("found undefined alias")) {
                // The alias name is text of the file, perhaps a secret written out that starts with *.
                problem = "found an undefined alias; quote values that start with *";
            } else if (!mayHoldSecrets && "while scanning an alias".equals(e.getContext())) {
                problem += "; quote values that start with *, as \"*.*\"";
            }
            throw factory.create(source, m == null ? 1 : m.getLine() + 1, "", "not valid YAML: " + problem);
        } catch (YAMLException e) {
            String reason = mayHoldSecrets ? "not valid YAML" : "not valid YAML: " + e.getMessage();
            throw factory.create(source, 1, "", reason);
        }
    }

    // ---- problems

    protected E error(Node at, String path, String reason) {
        return factory.create(source, line(at), path, reason);
    }

    protected void report(E e) {
        problems++;
        if (first == null || e.line() < first.line()) first = e;
    }

    /** How many problems were reported so far; a reader compares it to know whether its part was sound. */
    protected int problems() {
        return problems;
    }

    /** Throws the problem on the earliest line, if any was reported. */
    protected void throwFirst() throws E {
        if (first != null) throw first;
    }

    // ---- mappings and lists

    /** The known keys of a mapping in document order; reports unknown, duplicate and non-scalar keys. */
    protected Map<String, NodeTuple> fields(MappingNode m, String path, List<String> allowed) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || !k.getTag().getValue().startsWith(Tag.PREFIX)) {
                report(error(t.getKeyNode(), path, "a key must be a plain name, found " + describe(t.getKeyNode())));
                continue;
            }
            String key = join(path, k.getValue());
            if (!allowed.contains(k.getValue())) {
                report(error(k, key, "unknown key " + quote(k.getValue()) + "; expected " + oneOf(allowed, s -> s)));
            } else if (out.containsKey(k.getValue())) {
                report(error(k, key, "duplicate key " + quote(k.getValue())));
            } else {
                out.put(k.getValue(), t);
            }
        }
        return out;
    }

    /** Reads a key's value if present; a problem is reported and gives null, as does an absent key. */
    @SuppressWarnings("unchecked") // the value throws no checked exception but E
    protected <T> T field(Map<String, NodeTuple> f, String key, String path, Value<T, E> value) {
        NodeTuple t = f.get(key);
        if (t == null) return null;
        try {
            return value.read(t.getValueNode(), join(path, key));
        } catch (YamlProblem e) {
            report((E) e);
            return null;
        }
    }

    /** Reports a problem with a present key, at the key's line. */
    protected void keyProblem(Map<String, NodeTuple> f, String key, String path, String reason) {
        NodeTuple t = f.get(key);
        if (t != null) report(error(t.getKeyNode(), join(path, key), reason));
    }

    protected void missing(MappingNode m, String path, String key) {
        report(error(m, join(path, key), "missing required key " + quote(key)));
    }

    protected void missing(MappingNode m, String path, String key, String why) {
        report(error(m, join(path, key), "missing required key " + quote(key) + "; " + why));
    }

    /**
     * Reads a list of entries (an empty value counts as an empty list) into {@code out}, keeping those read without
     * problems: an entry that reported some gives null.
     */
    @SuppressWarnings("unchecked") // the entry throws no checked exception but E
    protected <T> void entries(Node n, String path, Value<T, E> entry, List<T> out) {
        if (isNull(n)) return;
        try {
            List<Node> items = list(n, path, true);
            for (int i = 0; i < items.size(); i++) {
                T t = entry.read(items.get(i), path + "[" + i + "]");
                if (t != null) out.add(t);
            }
        } catch (YamlProblem e) {
            report((E) e);
        }
    }

    protected <T> List<T> each(Node n, String path, Value<T, E> element) throws E {
        return each(n, path, element, false);
    }

    /** The list's elements read one by one; empty lists are refused unless {@code mayBeEmpty}. */
    protected <T> List<T> each(Node n, String path, Value<T, E> element, boolean mayBeEmpty) throws E {
        List<Node> items = list(n, path, mayBeEmpty);
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) out.add(element.read(items.get(i), path + "[" + i + "]"));
        return out;
    }

    private List<Node> list(Node n, String path, boolean mayBeEmpty) throws E {
        checkTag(n, path);
        if (!(n instanceof SequenceNode s)) throw error(n, path, "expected a list, found " + describe(n));
        if (s.getValue().isEmpty() && !mayBeEmpty) {
            throw error(n, path, "empty list; give at least one entry or leave the key out");
        }
        return s.getValue();
    }

    protected MappingNode mapping(Node n, String path) throws E {
        checkTag(n, path);
        if (!(n instanceof MappingNode m)) throw error(n, path, "expected a mapping, found " + describe(n));
        return m;
    }

    // ---- scalars

    protected ScalarNode scalar(Node n, String path) throws E {
        checkTag(n, path);
        if (!(n instanceof ScalarNode s)) throw error(n, path, "expected a single value, found " + describe(n));
        return s;
    }

    /** Refuses explicit application tags such as {@code !foo}: the file holds plain YAML values only. */
    private void checkTag(Node n, String path) throws E {
        if (!n.getTag().getValue().startsWith(Tag.PREFIX)) {
            throw error(n, path, "unsupported tag " + quote(n.getTag().getValue()));
        }
    }

    /** A non-empty scalar's text. */
    protected String text(Node n, String path) throws E {
        String text = scalar(n, path).getValue();
        if (text.isEmpty()) throw error(n, path, "missing value");
        return text;
    }

    /** A non-empty name: no null, no surrounding whitespace, no control characters. */
    protected String name(Node n, String path) throws E {
        ScalarNode s = scalar(n, path);
        if (s.getTag().equals(Tag.NULL)) {
            throw error(n, path, "expected a name, found " + quote(s.getValue()));
        }
        String text = text(n, path);
        if (text.isBlank() || !text.strip().equals(text) || text.chars().anyMatch(Character::isISOControl)) {
            throw error(n, path, quote(text)
                    + " is not a name: it is blank, has surrounding whitespace or holds control characters");
        }
        return text;
    }

    /** A plain decimal integer without sign, as YAML reads it unquoted; {@code expected} says what is wanted. */
    protected long integer(Node n, String path, String expected) throws E {
        ScalarNode s = scalar(n, path);
        if (!s.getTag().equals(Tag.INT) || !DIGITS.matcher(s.getValue()).matches()) {
            throw error(n, path, "expected " + expected + ", found " + quote(s.getValue()));
        }
        try {
            return Long.parseLong(s.getValue());
        } catch (NumberFormatException e) {
            throw error(n, path, "too large: " + s.getValue());
        }
    }

    /** A positive duration: an integer followed by ms, s, m or h. */
    protected Duration duration(Node n, String path) throws E {
        String text = scalar(n, path).getValue();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw error(n, path, "bad duration " + quote(text)
                    + "; expected an integer followed by ms, s, m or h, e.g. 30s");
        }
        if (m.group(1).length() > 9) throw error(n, path, "duration too large: " + text);
        long amount = Long.parseLong(m.group(1));
        if (amount == 0) throw error(n, path, "bad duration " + quote(text) + "; it must be positive");
        ChronoUnit unit = switch (m.group(2)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            default -> ChronoUnit.HOURS;
        };
        return Duration.of(amount, unit);
    }

    // ---- helpers

    protected static int line(Node n) {
        return n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }

    protected static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    protected static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Describes a node for a message: only where it is not the value wanted, so never a secret's value. */
    private static String describe(Node n) {
        if (n instanceof SequenceNode) return "a list";
        if (n instanceof MappingNode) return "a mapping";
        return quote(((ScalarNode) n).getValue());
    }

    /** {@code a, b or c}. */
    protected static <T> String oneOf(List<T> values, Function<T, String> name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) b.append(i == values.size() - 1 ? " or " : ", ");
            b.append(name.apply(values.get(i)));
        }
        return b.toString();
    }

    /** A value quoted for a message: at most 60 characters, control characters shown as '?'. */
    public static String quote(Object value) {
        String s = String.valueOf(value);
        if (s.length() > 60) s = s.substring(0, 57) + "...";
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.append('\'').toString();
    }
}
