package dev.guard.server.it;

import dev.guard.catalog.Catalog;
import dev.guard.policy.Policy;
import dev.guard.policy.PolicyEngine;
import dev.guard.policy.PolicyLoader;
import dev.guard.sql.Lexed;
import dev.guard.sql.Lexer;
import dev.guard.sql.SqlMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract's catalog, policy and sample rows on the real database, under unique schema
 * names ({@code g1a2b3c_shop} for {@code shop}, ...) so that tests never touch anyone's data,
 * and a least-privileged account for the gateway. Dropped by {@link #close()}.
 */
final class ContractFixture implements AutoCloseable {

    static final Path CONTRACT = Path.of("..", "contract");
    private static final Pattern SCHEMAS = Pattern.compile("\\b(shop|staging|hr)\\b");
    /** In the policy only qualified names are schemas ({@code hr} alone is also a group). */
    private static final Pattern QUALIFIED = Pattern.compile("\\b(shop|staging|hr)(?=\\.)");

    final String prefix;
    final String gatewayUser;
    final String gatewayPassword;
    final Policy policy;

    ContractFixture() throws Exception {
        this(yaml -> yaml);
    }

    /** With the contract's policy changed first (a larger max_rows for volume tests, say). */
    ContractFixture(java.util.function.UnaryOperator<String> policyChange) throws Exception {
        byte[] r = new byte[3];
        new SecureRandom().nextBytes(r);
        prefix = "g" + HexFormat.of().formatHex(r) + "_";
        gatewayUser = prefix + "gw";
        gatewayPassword = "pw-" + HexFormat.of().formatHex(r) + "-Zq9";
        try (Connection c = Database.admin()) {
            for (String file : List.of("schema.sql", "sample-data.sql")) {
                for (List<dev.guard.sql.Token> st : statements(Files.readString(CONTRACT.resolve(file)))) {
                    Database.run(c, map(text(st)));
                }
            }
            Database.run(c, "CREATE USER '" + gatewayUser + "'@'%' IDENTIFIED BY '" + gatewayPassword + "'");
            Database.run(c, "CREATE USER '" + gatewayUser + "'@'localhost' IDENTIFIED BY '" + gatewayPassword + "'");
            for (String s : List.of("shop", "staging", "hr")) {
                for (String host : List.of("%", "localhost")) {
                    Database.run(c, "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, CREATE VIEW, SHOW VIEW,"
                            + " CREATE TEMPORARY TABLES, LOCK TABLES ON `" + prefix + s + "`.* TO '" + gatewayUser + "'@'" + host + "'");
                }
            }
        }
        String yaml = policyChange.apply(QUALIFIED.matcher(Files.readString(CONTRACT.resolve("policy.yaml"))).replaceAll(prefix + "$1"));
        policy = PolicyLoader.parse(yaml, "policy.yaml", PolicyEngine.patternCompiler(Catalog.EMPTY));
    }

    private static List<List<dev.guard.sql.Token>> statements(String ddl) {
        Lexed lexed = Lexer.lex(ddl, SqlMode.DEFAULT);
        return lexed.statements().stream().filter(s -> !s.isEmpty()).toList();
    }

    private static String text(List<dev.guard.sql.Token> st) {
        StringBuilder b = new StringBuilder();
        for (var t : st) {
            b.append(t.text()).append(' ');
        }
        return b.toString();
    }

    /** Rewrites the contract's schema names to this fixture's. */
    String map(String text) {
        Matcher m = SCHEMAS.matcher(text);
        return m.replaceAll(prefix + "$1");
    }

    String schema(String contractName) {
        return contractName == null ? null : prefix + contractName;
    }

    /** Identities of the contract cases, keyed by user, as static-token entries (token = user name + suffix). */
    static Map<String, List<String>> identities() {
        return Map.of("ingest-bot", List.of("ingestion", "agents"), "report-bot", List.of("reporting", "agents"),
                "support-agent", List.of("support", "agents"), "billing-agent", List.of("billing", "agents"),
                "alice", List.of("dba"), "bob", List.of("dba"), "hana", List.of("hr"), "nobody", List.of());
    }

    static String tokenOf(String user) {
        return "token-of-" + user + "-7c1e";
    }

    @Override
    public void close() throws Exception {
        try (Connection c = Database.admin()) {
            for (String s : List.of("shop", "staging", "hr")) {
                Database.run(c, "DROP DATABASE IF EXISTS `" + prefix + s + "`");
            }
            // Databases the tests created through the gateway (CREATE DATABASE cases).
            Database.run(c, "DROP USER IF EXISTS '" + gatewayUser + "'@'%'");
            Database.run(c, "DROP USER IF EXISTS '" + gatewayUser + "'@'localhost'");
        }
    }
}
