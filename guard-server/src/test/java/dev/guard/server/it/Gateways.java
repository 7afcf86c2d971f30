package dev.guard.server.it;

import dev.guard.catalog.Catalog;
import dev.guard.policy.Policy;
import dev.guard.policy.PolicyEngine;
import dev.guard.policy.PolicyLoader;
import dev.guard.server.Gateway;
import dev.guard.server.identity.Authenticator;
import dev.guard.server.identity.StaticTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * More real gateways over one {@link ContractFixture}: with another policy, other tokens, TLS or
 * a fixed port; and what the driver tests need to watch the real database (its process list).
 */
final class Gateways {

    private Gateways() {}

    private static final Pattern QUALIFIED = Pattern.compile("\\b(shop|staging|hr)(?=\\.)");

    /** The contract's policy for this fixture's schemas, changed first (as ContractFixture does). */
    static Policy policy(ContractFixture contract, UnaryOperator<String> change) throws Exception {
        String yaml = QUALIFIED.matcher(Files.readString(ContractFixture.CONTRACT.resolve("policy.yaml")))
                .replaceAll(contract.prefix + "$1");
        return PolicyLoader.parse(change.apply(yaml), "policy.yaml", PolicyEngine.patternCompiler(Catalog.EMPTY));
    }

    /** The contract identities' tokens plus these extra tokens (token, user): several tokens may prove one user. */
    static Authenticator tokens(Map<String, String> extra) {
        List<StaticTokens.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : ContractFixture.identities().entrySet()) {
            entries.add(new StaticTokens.Entry(StaticTokens.sha256(ContractFixture.tokenOf(e.getKey())), e.getKey(),
                    Set.copyOf(e.getValue())));
        }
        extra.forEach((token, user) -> entries.add(new StaticTokens.Entry(StaticTokens.sha256(token), user,
                Set.copyOf(ContractFixture.identities().get(user)))));
        return new StaticTokens(entries);
    }

    /** GatewayFixture's settings with another port, policy, authenticator or TLS key store. */
    static Gateway.Settings settings(ContractFixture contract, int port, Policy policy, Authenticator authenticator,
                                     KeyStore keyStore, char[] keyStorePassword) {
        Gateway.Settings s = GatewayFixture.settings(contract, Database.serverUrl(), Duration.ofMinutes(5));
        return new Gateway.Settings(s.host(), port, keyStore, keyStorePassword, s.upstreamUrl(), s.upstreamUser(),
                s.upstreamPassword(), s.poolSize(), s.connectTimeout(), policy == null ? s.policy() : policy,
                authenticator == null ? s.authenticator() : authenticator, s.idleTimeout(), s.maxSessions(),
                s.maxStatementChars(), s.maxRequestBytes(), s.hashKey(), s.stopGrace());
    }

    static String url(ContractFixture contract, Gateway gateway, String schema) {
        return "jdbc:guard://127.0.0.1:" + gateway.port() + "/" + (schema == null ? "" : contract.schema(schema)) + "?plaintext=true";
    }

    /** 11,000 rows in staging.report_rows ('bulk-0' ... 'bulk-10999'), written directly to the database. */
    static void bulkReportRows(ContractFixture contract) throws SQLException {
        String digits = "(SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5"
                + " UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9)";
        try (Connection admin = Database.admin(); Statement st = admin.createStatement()) {
            st.executeUpdate("INSERT INTO " + contract.schema("staging") + ".report_rows (report) SELECT CONCAT('bulk-', n)"
                    + " FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.n AS n FROM " + digits + " a, " + digits + " b, "
                    + digits + " c, (SELECT d AS n FROM " + digits + " x UNION SELECT 10) e) y");
        }
    }

    /** The statements the database runs now for this fixture's gateway account whose text contains {@code marker}. */
    static List<String> running(ContractFixture contract, String marker) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection admin = Database.admin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT INFO FROM information_schema.PROCESSLIST WHERE USER = '"
                     + contract.gatewayUser + "' AND COMMAND = 'Query' AND INFO LIKE '%" + marker + "%'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Polls until nothing of the gateway account's runs with {@code marker} in its text; false at the deadline. */
    static boolean stopsRunning(ContractFixture contract, String marker, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (running(contract, marker).isEmpty()) {
                return true;
            }
            Thread.sleep(25);
        }
        return running(contract, marker).isEmpty();
    }

    /** Polls until a statement with {@code marker} runs; false at the deadline. */
    static boolean startsRunning(ContractFixture contract, String marker, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!running(contract, marker).isEmpty()) {
                return true;
            }
            Thread.sleep(25);
        }
        return false;
    }

    /** Runs the JDK's keytool; fails with its output. */
    static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
