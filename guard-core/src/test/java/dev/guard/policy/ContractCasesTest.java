package dev.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.catalog.Catalog;
import dev.guard.catalog.DdlCatalog;
import dev.guard.sql.SqlMode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract's public cases, and Guard's own cases of the same kinds, decided against the
 * reference policy and catalog: decision, cited rule, check and masks must be as expected.
 */
class ContractCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PolicyEngine engine;

    @BeforeAll
    static void load() throws Exception {
        Catalog catalog = DdlCatalog.parse(resource("/contract/schema.sql"), "schema.sql");
        Policy policy = PolicyLoader.parse(resource("/contract/policy.yaml"), "policy.yaml", PolicyEngine.patternCompiler(catalog));
        engine = new PolicyEngine(policy, catalog);
    }

    static String resource(String name) throws Exception {
        try (InputStream in = ContractCasesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Stream<Arguments> cases(String file) throws Exception {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ContractCasesTest.class.getResourceAsStream(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("//")) {
                    JsonNode c = JSON.readTree(line);
                    out.add(Arguments.of(c.get("id").asText() + " " + c.get("sql").asText(), c));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> publicCases() throws Exception {
        return cases("/contract/cases.jsonl");
    }

    static Stream<Arguments> guardCases() throws Exception {
        return cases("/cases/guard-cases.jsonl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publicCases")
    void publicCase(String name, JsonNode c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guardCases")
    void guardCase(String name, JsonNode c) {
        check(c);
    }

    static void check(JsonNode c) {
        Set<String> groups = new LinkedHashSet<>();
        c.get("groups").forEach(g -> groups.add(g.asText()));
        String schema = c.get("schema").isNull() ? null : c.get("schema").asText();
        SqlMode mode = c.has("sql_mode") ? SqlMode.parse(c.get("sql_mode").asText()) : SqlMode.DEFAULT;
        Decision d = engine.decide(new PolicyEngine.Request(new Caller(c.get("user").asText(), groups), schema,
                c.get("sql").asText(), mode));
        JsonNode expect = c.get("expect");
        String decision = d instanceof Decision.Allow ? "allow" : d instanceof Decision.Deny ? "deny" : "require_approval";
        String what = c.get("sql").asText() + " -> " + d;
        assertThat(decision).as(what).isEqualTo(expect.get("decision").asText());
        assertThat(d.reason()).as(what).isNotBlank();
        if (expect.has("rule")) {
            assertThat(d.rule()).as(what).isEqualTo(expect.get("rule").isNull() ? null : expect.get("rule").asText());
        }
        if (expect.has("check")) {
            assertThat(d.check()).as(what).isEqualTo(expect.get("check").asText());
        }
        if (expect.has("masks") && !(d instanceof Decision.Deny)) {
            List<String> want = new ArrayList<>();
            expect.get("masks").forEach(m -> want.add(m.get("label").asText().toLowerCase(Locale.ROOT) + ":" + m.get("method").asText()));
            List<Decision.ColumnMask> masks = d instanceof Decision.Allow a ? a.masks() : ((Decision.RequireApproval) d).masks();
            List<String> have = new ArrayList<>();
            masks.forEach(m -> have.add(m.label().toLowerCase(Locale.ROOT) + ":" + m.method().policyName()));
            assertThat(have).as(what).containsExactlyInAnyOrderElementsOf(want);
        }
    }
}
