package dev.guard.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.catalog.Catalog;
import dev.guard.catalog.DdlCatalog;
import dev.guard.policy.Caller;
import dev.guard.policy.Decision;
import dev.guard.policy.Policy;
import dev.guard.policy.PolicyEngine;
import dev.guard.policy.PolicyLoader;
import dev.guard.sql.Analyzer;
import dev.guard.sql.SqlMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decision latency over the public contract cases ({@code shared/contract/cases.jsonl}, copied
 * to {@code src/main/resources/contract/}). Every invocation decides all cases; with
 * {@link OperationsPerInvocation} JMH reports the time per decision.
 *
 * <ul>
 *   <li>{@code cachedDecision}: {@link PolicyEngine#decide(PolicyEngine.Request)} with the
 *       analysis cache warm, i.e. a cache lookup plus the caller-dependent rule evaluation.</li>
 *   <li>{@code uncachedDecision}: lex, parse, analyse and decide, bypassing the cache
 *       ({@link Analyzer} is stateless).</li>
 *   <li>{@code analyzeOnly}: the uncached analysis alone, to attribute the uncached time.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar guard-benchmarks/target/benchmarks.jar DecisionBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class DecisionBenchmark {

    /** The number of public cases; {@link #setup()} fails if the file holds another number. */
    static final int CASES = 76;

    private static final String RESOURCES = "/contract/";

    /** One contract case, ready to decide. */
    record Case(String id, Caller caller, String schema, String sql, String expected, PolicyEngine.Request request) {}

    private PolicyEngine engine;
    private Analyzer analyzer;
    private Case[] cases;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Catalog catalog = DdlCatalog.parse(resource("schema.sql"), "schema.sql");
        Policy policy = PolicyLoader.parse(resource("policy.yaml"), "policy.yaml", PolicyEngine.patternCompiler(catalog));
        engine = new PolicyEngine(policy, catalog);
        analyzer = engine.analyzer();
        cases = readCases().toArray(Case[]::new);
        if (cases.length != CASES) {
            throw new IllegalStateException("cases.jsonl holds " + cases.length + " cases, the benchmark expects "
                    + CASES + "; update CASES and @OperationsPerInvocation");
        }
        // Warm the analysis cache, and check that both paths decide alike (and report, without
        // failing, cases the engine decides differently from the contract).
        int mismatches = 0;
        for (Case c : cases) {
            Decision cached = engine.decide(c.request());
            Decision uncached = engine.decide(c.caller(), analyzer.analyze(c.sql(), c.schema(), SqlMode.DEFAULT));
            if (!cached.equals(uncached)) {
                throw new IllegalStateException(c.id() + ": cached and uncached decisions differ: " + cached + " vs " + uncached);
            }
            if (!name(cached).equals(c.expected())) {
                mismatches++;
                System.err.println("note: " + c.id() + " decides " + name(cached) + ", the contract expects " + c.expected());
            }
        }
        if (mismatches > 0) {
            System.err.println("note: " + mismatches + " of " + cases.length + " cases differ from the contract");
        }
    }

    @Benchmark
    @OperationsPerInvocation(CASES)
    public void cachedDecision(Blackhole bh) {
        for (Case c : cases) {
            bh.consume(engine.decide(c.request()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CASES)
    public void uncachedDecision(Blackhole bh) {
        for (Case c : cases) {
            bh.consume(engine.decide(c.caller(), analyzer.analyze(c.sql(), c.schema(), SqlMode.DEFAULT)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(CASES)
    public void analyzeOnly(Blackhole bh) {
        for (Case c : cases) {
            bh.consume(analyzer.analyze(c.sql(), c.schema(), SqlMode.DEFAULT));
        }
    }

    private static String name(Decision d) {
        return switch (d) {
            case Decision.Allow a -> "allow";
            case Decision.Deny x -> "deny";
            case Decision.RequireApproval r -> "require_approval";
        };
    }

    private static List<Case> readCases() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Case> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open("cases.jsonl"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                Set<String> groups = new LinkedHashSet<>();
                n.path("groups").forEach(g -> groups.add(g.asText()));
                Caller caller = new Caller(n.get("user").asText(), groups);
                JsonNode s = n.get("schema");
                String schema = s == null || s.isNull() ? null : s.asText();
                String sql = n.get("sql").asText();
                String expected = n.path("expect").path("decision").asText("").toLowerCase(Locale.ROOT);
                out.add(new Case(n.get("id").asText(), caller, schema, sql, expected,
                        new PolicyEngine.Request(caller, schema, sql, SqlMode.DEFAULT)));
            }
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = DecisionBenchmark.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + RESOURCES + name);
        }
        return in;
    }
}
