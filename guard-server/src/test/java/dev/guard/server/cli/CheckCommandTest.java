package dev.guard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code guard check} as a user runs it: JSON lines in, decision lines out, exit status. */
class CheckCommandTest {

    /** The contract files at the top of the repository. */
    private static final Path CONTRACT = Path.of("..", "contract");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int status, List<String> out, String err) {}

    private static Run run(String stdin, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = GuardCli.commandLine().execute(args);
            List<String> lines = new ArrayList<>();
            for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
            }
            return new Run(status, lines, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Run check(String stdin) {
        return run(stdin, "check", "--policy", CONTRACT.resolve("policy.yaml").toString(),
                "--catalog", CONTRACT.resolve("schema.sql").toString());
    }

    @Test
    void decidesEveryPublicCaseAsExpected() throws Exception {
        List<String> cases = Files.readAllLines(CONTRACT.resolve("cases.jsonl"));
        StringBuilder in = new StringBuilder();
        for (String c : cases) {
            JsonNode n = JSON.readTree(c);
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("expect");
            in.append(JSON.writeValueAsString(n)).append('\n');
        }
        Run r = check(in.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = JSON.readTree(cases.get(i));
            JsonNode got = JSON.readTree(r.out().get(i));
            JsonNode expect = c.get("expect");
            assertThat(got.get("id").asText()).isEqualTo(c.get("id").asText());
            assertThat(got.get("decision").asText()).as(c.get("sql").asText()).isEqualTo(expect.get("decision").asText());
            assertThat(got.get("reason").asText()).isNotBlank();
            if (expect.has("rule")) {
                assertThat(got.get("rule").asText(null)).as(c.get("sql").asText()).isEqualTo(expect.get("rule").asText(null));
            }
            if (expect.has("check")) {
                assertThat(got.get("check").asText()).as(c.get("sql").asText()).isEqualTo(expect.get("check").asText());
            }
            if (expect.has("masks") && !got.get("decision").asText().equals("deny")) {
                List<String> want = new ArrayList<>();
                expect.get("masks").forEach(m -> want.add(m.get("label").asText().toLowerCase(Locale.ROOT) + ":" + m.get("method").asText()));
                List<String> have = new ArrayList<>();
                got.get("masks").forEach(m -> have.add(m.get("label").asText().toLowerCase(Locale.ROOT) + ":" + m.get("method").asText()));
                assertThat(have).as(c.get("sql").asText()).containsExactlyInAnyOrderElementsOf(want);
            }
        }
    }

    @Test
    void writesTheContractFieldsForHeldAndMaskedStatements() throws Exception {
        Run r = check("""
                {"id": "held", "user": "support-agent", "groups": ["support", "agents"], "schema": "shop", "sql": "DELETE FROM shop.tickets WHERE id = 42"}
                {"id": "masked", "user": "ingest-bot", "groups": ["ingestion", "agents"], "schema": "shop", "sql": "SELECT id, note FROM shop.orders"}
                """);
        assertThat(r.status()).isZero();
        JsonNode held = JSON.readTree(r.out().get(0));
        assertThat(held.get("decision").asText()).isEqualTo("require_approval");
        assertThat(held.get("approvers").get("groups").get(0).asText()).isEqualTo("dba");
        assertThat(held.get("approvers").get("users")).isEmpty();
        JsonNode masked = JSON.readTree(r.out().get(1));
        JsonNode mask = masked.get("masks").get(0);
        assertThat(mask.get("column").asInt()).isEqualTo(2);
        assertThat(mask.get("label").asText()).isEqualTo("note");
        assertThat(mask.get("method").asText()).isEqualTo("partial");
        assertThat(mask.get("rule").asText()).isEqualTo("cards-in-free-text");
        assertThat(mask.get("detect").get(0).asText()).isEqualTo("credit_card");
    }

    @Test
    void aBadRequestLineGetsADenyLineAndTheRestAreStillDecided() throws Exception {
        Run r = check("""
                not json
                [1, 2]
                {"id": 7, "groups": [], "schema": null, "sql": "SELECT 1"}
                {"id": "g", "user": "u", "groups": "dba", "schema": null, "sql": "SELECT 1"}
                {"id": "s", "user": "u", "groups": [], "schema": 3, "sql": "SELECT 1"}
                {"id": "q", "user": "u", "groups": [], "schema": null}
                {"id": "ok", "user": "alice", "groups": ["dba"], "schema": null, "sql": "SELECT 1"}
                """);
        assertThat(r.status()).isZero();
        assertThat(r.out()).hasSize(7);
        for (int i = 0; i < 6; i++) {
            JsonNode d = JSON.readTree(r.out().get(i));
            assertThat(d.get("decision").asText()).isEqualTo("deny");
            assertThat(d.get("check").asText()).isEqualTo("bad-request");
            assertThat(d.get("rule").isNull()).isTrue();
            assertThat(d.get("reason").asText()).isNotBlank();
        }
        assertThat(JSON.readTree(r.out().get(2)).get("id").asInt()).isEqualTo(7);
        assertThat(JSON.readTree(r.out().get(6)).get("decision").asText()).isEqualTo("allow");
    }

    @Test
    void aBadPolicyExitsTwoNamingFileLineAndKey(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, "version: 1\nrules:\n  - id: r\n    effect: permit\n    subjects: {users: [a]}\n");
        Run r = run("", "check", "--policy", policy.toString(), "--catalog", CONTRACT.resolve("schema.sql").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml:4").contains("rules[0].effect");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBadCatalogOrAMissingFileExitsTwo(@TempDir Path dir) throws Exception {
        Path catalog = dir.resolve("bad.sql");
        Files.writeString(catalog, "CREATE TABLE shop.t (id INT);\nDELETE FROM shop.t;\n");
        Run r = run("", "check", "--policy", CONTRACT.resolve("policy.yaml").toString(), "--catalog", catalog.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("bad.sql:2");
        Run missing = run("", "check", "--policy", dir.resolve("none.yaml").toString(), "--catalog", catalog.toString());
        assertThat(missing.status()).isEqualTo(2);
    }

    @Test
    void sqlModeChangesHowStatementsAreRead() throws Exception {
        String line = "{\"id\": \"q\", \"user\": \"ingest-bot\", \"groups\": [\"ingestion\"], \"schema\": \"shop\", "
                + "\"sql\": \"SELECT \\\"email\\\" FROM shop.customers\"}\n";
        JsonNode plain = JSON.readTree(check(line).out().get(0));
        assertThat(plain.get("masks")).isEmpty();
        Run ansi = run(line, "check", "--policy", CONTRACT.resolve("policy.yaml").toString(),
                "--catalog", CONTRACT.resolve("schema.sql").toString(), "--sql-mode", "ANSI_QUOTES");
        JsonNode quoted = JSON.readTree(ansi.out().get(0));
        assertThat(quoted.get("masks").get(0).get("method").asText()).isEqualTo("email");
    }
}
