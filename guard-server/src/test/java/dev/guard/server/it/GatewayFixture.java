package dev.guard.server.it;

import dev.guard.server.Gateway;
import dev.guard.server.identity.StaticTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A real gateway on a free port in front of the contract fixture, with a static token per contract identity. */
final class GatewayFixture implements AutoCloseable {

    final ContractFixture contract;
    final Gateway gateway;

    GatewayFixture() throws Exception {
        this(Duration.ofMinutes(5));
    }

    GatewayFixture(Duration idleTimeout) throws Exception {
        this(idleTimeout, yaml -> yaml);
    }

    GatewayFixture(Duration idleTimeout, java.util.function.UnaryOperator<String> policyChange) throws Exception {
        contract = new ContractFixture(policyChange);
        try {
            gateway = Gateway.start(settings(contract, Database.serverUrl(), idleTimeout));
        } catch (Exception e) {
            contract.close();
            throw e;
        }
    }

    static Gateway.Settings settings(ContractFixture contract, String upstreamUrl, Duration idleTimeout) {
        List<StaticTokens.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : ContractFixture.identities().entrySet()) {
            entries.add(new StaticTokens.Entry(StaticTokens.sha256(ContractFixture.tokenOf(e.getKey())), e.getKey(),
                    Set.copyOf(e.getValue())));
        }
        return new Gateway.Settings("127.0.0.1", 0, null, null, upstreamUrl, contract.gatewayUser, contract.gatewayPassword,
                60, Duration.ofSeconds(3), contract.policy, new StaticTokens(entries), idleTimeout, 500, 1 << 20,
                16 << 20, "test-hash-key".getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(2));
    }

    String url(String schema) {
        return "jdbc:guard://127.0.0.1:" + gateway.port() + "/" + (schema == null ? "" : contract.schema(schema)) + "?plaintext=true";
    }

    @Override
    public void close() throws Exception {
        try {
            gateway.close();
        } finally {
            contract.close();
        }
    }
}
