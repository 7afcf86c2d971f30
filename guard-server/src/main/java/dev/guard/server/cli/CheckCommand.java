package dev.guard.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guard.catalog.Catalog;
import dev.guard.catalog.DdlCatalog;
import dev.guard.mask.Detector;
import dev.guard.policy.Caller;
import dev.guard.policy.Decision;
import dev.guard.policy.Policy;
import dev.guard.policy.PolicyEngine;
import dev.guard.policy.PolicyException;
import dev.guard.policy.PolicyLoader;
import dev.guard.policy.Subjects;
import dev.guard.sql.SqlMode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code guard check}: decides JSON request lines read from stdin against a policy and a
 * catalog, writing one decision line per request, in order.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Decide statements (JSON lines on stdin) against a policy; one decision line each on stdout.")
public final class CheckCommand implements Callable<Integer> {

    /** Longest request line read; longer lines are bad requests. */
    static final int MAX_LINE = 2 * 1024 * 1024;

    @Option(names = "--policy", required = true, description = "The policy file (YAML, version 1).")
    Path policyFile;

    @Option(names = "--catalog", required = true, description = "DDL of the schemas the statements run against.")
    Path catalogFile;

    @Option(names = "--sql-mode", description = "The session's sql_mode (default: MySQL 8.0's default).")
    String sqlMode;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() {
        PrintStream err = System.err;
        PolicyEngine engine;
        try {
            Catalog catalog = DdlCatalog.load(catalogFile);
            Policy policy = PolicyLoader.load(policyFile, PolicyEngine.patternCompiler(catalog));
            engine = new PolicyEngine(policy, catalog);
        } catch (PolicyException | DdlCatalog.CatalogException e) {
            err.println("guard check: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("guard check: cannot read " + e.getMessage());
            return 2;
        }
        SqlMode mode = sqlMode == null ? SqlMode.DEFAULT : SqlMode.parse(sqlMode);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                out.write(json.writeValueAsString(decideLine(engine, line, mode)));
                out.newLine();
            }
        } catch (IOException e) {
            err.println("guard check: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    ObjectNode decideLine(PolicyEngine engine, String line, SqlMode mode) {
        JsonNode request;
        try {
            if (line.length() > MAX_LINE) {
                return badRequest(null, "the request line is longer than " + MAX_LINE + " characters");
            }
            request = json.readTree(line);
        } catch (JsonProcessingException e) {
            return badRequest(null, "the request line is not JSON");
        }
        if (request == null || !request.isObject()) {
            return badRequest(null, "the request line is not a JSON object");
        }
        JsonNode id = request.get("id");
        JsonNode user = request.get("user");
        JsonNode groups = request.get("groups");
        JsonNode schema = request.get("schema");
        JsonNode sql = request.get("sql");
        if (user == null || !user.isTextual() || user.asText().isEmpty()) {
            return badRequest(id, "the request needs \"user\", a non-empty string");
        }
        if (groups != null && !groups.isNull() && !groups.isArray()) {
            return badRequest(id, "\"groups\" must be a list of strings");
        }
        Set<String> groupSet = new LinkedHashSet<>();
        if (groups != null && groups.isArray()) {
            for (JsonNode g : groups) {
                if (!g.isTextual()) {
                    return badRequest(id, "\"groups\" must be a list of strings");
                }
                groupSet.add(g.asText());
            }
        }
        if (schema != null && !schema.isNull() && !schema.isTextual()) {
            return badRequest(id, "\"schema\" must be a string or null");
        }
        if (sql == null || !sql.isTextual()) {
            return badRequest(id, "the request needs \"sql\", a string");
        }
        Caller caller = new Caller(user.asText(), groupSet);
        String current = schema == null || schema.isNull() || schema.asText().isEmpty() ? null : schema.asText();
        Decision decision = engine.decide(new PolicyEngine.Request(caller, current, sql.asText(), mode));
        return render(id, decision);
    }

    private ObjectNode badRequest(JsonNode id, String reason) {
        return render(id, new Decision.Deny(null, "bad-request", reason + "."));
    }

    private ObjectNode render(JsonNode id, Decision decision) {
        ObjectNode out = json.createObjectNode();
        out.set("id", id == null ? json.nullNode() : id);
        out.put("decision", decision instanceof Decision.Allow ? "allow"
                : decision instanceof Decision.Deny ? "deny" : "require_approval");
        out.put("rule", decision.rule());
        out.put("check", decision.check());
        out.put("reason", decision.reason());
        if (decision instanceof Decision.RequireApproval held) {
            out.set("approvers", subjects(held.approvers()));
            out.set("masks", masks(held.masks()));
        } else if (decision instanceof Decision.Allow allow) {
            out.set("masks", masks(allow.masks()));
        }
        return out;
    }

    private ObjectNode subjects(Subjects s) {
        ObjectNode o = json.createObjectNode();
        ArrayNode users = o.putArray("users");
        s.users().forEach(users::add);
        ArrayNode groups = o.putArray("groups");
        s.groups().forEach(groups::add);
        return o;
    }

    private ArrayNode masks(java.util.List<Decision.ColumnMask> masks) {
        ArrayNode list = json.createArrayNode();
        for (Decision.ColumnMask m : masks) {
            ObjectNode o = list.addObject();
            o.put("column", m.column());
            o.put("label", m.label());
            o.put("method", m.method().policyName());
            o.put("rule", m.rule());
            if (!m.detect().isEmpty()) {
                ArrayNode d = o.putArray("detect");
                for (Detector x : m.detect()) {
                    d.add(x.policyName());
                }
            }
        }
        return list;
    }
}
