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

    final String prefix;
    final String gatewayUser;
    final String gatewayPassword;
    final Policy policy;

    ContractFixture() throws Exception {
        byte[] r = new byte[3];
        new SecureRandom().nextBytes(r);
        prefix = "g" + HexFormat.of().formatHex(r) + "_";
        gatewayUser = prefix + "gw";
        gatewayPassword = "pw-" + HexFormat.of().formatHex(r) + "-Zq9";
        try (Connection c = Database.admin()) {
            for (List<dev.guard.sql.Token> st : statements(Files.readString(CONTRACT.resolve("schema.sql")))) {
                String sql = map(text(st));
                Database.run(c, sql);
            }
            Database.run(c, "CREATE USER '" + gatewayUser + "'@'%' IDENTIFIED BY '" + gatewayPassword + "'");
            Database.run(c, "CREATE USER '" + gatewayUser + "'@'localhost' IDENTIFIED BY '" + gatewayPassword + "'");
            for (String s : List.of("shop", "staging", "hr")) {
                for (String host : List.of("%", "localhost")) {
                    Database.run(c, "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, CREATE VIEW, SHOW VIEW,"
                            + " CREATE TEMPORARY TABLES, LOCK TABLES ON `" + prefix + s + "`.* TO '" + gatewayUser + "'@'" + host + "'");
                }
            }
            seed(c);
        }
        String yaml = map(Files.readString(CONTRACT.resolve("policy.yaml")));
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

    /** Rows with personal data and card numbers, so masks have something to mask. */
    private void seed(Connection c) throws Exception {
        String shop = prefix + "shop";
        String hr = prefix + "hr";
        Database.run(c, "INSERT INTO " + shop + ".customers (id, name, email, phone, city) VALUES"
                + " (1, 'Jane Doe', 'jane.doe@example.com', '555-0100', 'Lyon'),"
                + " (2, 'Omar Haddad', 'omar@example.org', '555-0199', 'Oslo'),"
                + " (3, 'Li Wei', 'li.wei@example.net', NULL, 'Porto')");
        Database.run(c, "INSERT INTO " + shop + ".orders (id, customer_id, status, total, note) VALUES"
                + " (1, 1, 'paid', 25.50, 'card 4111 1111 1111 1111 charged'),"
                + " (2, 1, 'open', 9.99, NULL), (3, 2, 'paid', 120.00, 'gift wrap'), (7, 3, 'shipped', 5.00, 'leave at door')");
        Database.run(c, "INSERT INTO " + shop + ".payments (id, order_id, card_number, amount) VALUES"
                + " (1, 1, '4111111111111111', 25.50), (2, 3, '5500-0000-0000-0004', 120.00)");
        Database.run(c, "INSERT INTO " + shop + ".tickets (id, customer_id, subject, body, status) VALUES"
                + " (42, 1, 'refund', 'please refund card 4111-1111-1111-1111', 'open'), (43, 2, 'late', 'where is it', 'open')");
        Database.run(c, "INSERT INTO " + hr + ".employees (id, name, email, ssn, salary) VALUES"
                + " (1, 'Ana Lima', 'ana@corp.example', '123-45-6789', 50000.00)");
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
