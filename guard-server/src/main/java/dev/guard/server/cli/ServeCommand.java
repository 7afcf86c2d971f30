package dev.guard.server.cli;

import dev.guard.catalog.Catalog;
import dev.guard.policy.Policy;
import dev.guard.policy.PolicyEngine;
import dev.guard.policy.PolicyException;
import dev.guard.policy.PolicyLoader;
import dev.guard.server.Gateway;
import dev.guard.server.config.ConfigException;
import dev.guard.server.config.GuardConfig;
import dev.guard.server.config.GuardConfigLoader;
import dev.guard.server.config.TlsMaterial;
import dev.guard.server.identity.StaticTokens;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code guard serve}: runs the gateway until SIGTERM, then stops gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Guard gateway.")
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", required = true, description = "The gateway's configuration (YAML).")
    Path configFile;

    @Override
    public Integer call() {
        Gateway gateway;
        try {
            gateway = Gateway.start(settings(GuardConfigLoader.load(configFile, System.getenv())));
        } catch (ConfigException | PolicyException e) {
            System.err.println("guard serve: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            // Messages here come from Guard's own checks, Jetty or Connector/J; none carries the credential.
            System.err.println("guard serve: could not start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: running statements get a grace period, then are cancelled; sessions roll back");
            try {
                gateway.close();
            } catch (Exception e) {
                LOG.warn("stopping failed: {}", e.getMessage());
            }
        }, "guard-shutdown"));
        try {
            gateway.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The running gateway's settings from a validated configuration. */
    public static Gateway.Settings settings(GuardConfig c) throws Exception {
        Policy policy = PolicyLoader.load(c.policy(), PolicyEngine.patternCompiler(Catalog.EMPTY));
        KeyStore keyStore = c.server().tls() == null ? null : TlsMaterial.keyStore(c.server().tls());
        char[] keyPassword = c.server().tls() == null ? null : TlsMaterial.password(c.server().tls());
        List<StaticTokens.Entry> tokens = c.identity().staticTokens().stream()
                .map(t -> new StaticTokens.Entry(t.sha256(), t.user(), Set.copyOf(t.groups())))
                .toList();
        if (tokens.isEmpty()) {
            LOG.warn("no identity is configured: every request will be refused");
        }
        byte[] hashKey = c.masking().hashKey() == null ? null : c.masking().hashKey().revealUtf8();
        return new Gateway.Settings(c.server().listen().host(), c.server().listen().port(), keyStore, keyPassword,
                c.upstream().url(), c.upstream().user(), c.upstream().password().reveal(), c.upstream().poolSize(),
                c.upstream().connectTimeout(), policy, new StaticTokens(tokens), c.sessions().idleTimeout(),
                c.sessions().maxSessions(), c.server().maxStatementBytes(), c.server().maxRequestBytes(), hashKey,
                c.server().stopGrace());
    }
}
