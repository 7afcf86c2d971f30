package dev.guard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.server.config.GuardConfig.Identity;
import dev.guard.server.config.GuardConfig.Listen;
import dev.guard.server.config.GuardConfig.Masking;
import dev.guard.server.config.GuardConfig.Server;
import dev.guard.server.config.GuardConfig.Sessions;
import dev.guard.server.config.GuardConfig.StaticToken;
import dev.guard.server.config.GuardConfig.Tls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GuardConfigLoaderTest {

    /** A distinctive secret: it must never show in a message or a toString. */
    static final String SECRET = "s3cr3t-value";
    static final String HASH_KEY = "hash-key-0123456789abcdef";
    /** SHA-256 of "test". */
    static final String TEST_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String OTHER_HASH = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

    /** The issue's example, less {@code tls} (its paths do not exist here). */
    static final String ISSUE_EXAMPLE = """
            server:
              listen: 127.0.0.1:7443        # host:port; port 0 = any free port (tests). Required.
              max_statement_bytes: 1048576  # optional, default 1 MiB
              max_request_bytes: 16777216   # optional, default 16 MiB
            upstream:
              url: jdbc:mysql://127.0.0.1:3306/   # required; must start with jdbc:mysql:// or jdbc:mariadb://
              user: guard_gateway                  # required
              password: ${env:GUARD_MYSQL_PASSWORD}  # required key; may resolve to an empty string
              pool_size: 20                  # optional, default 20, 1..1000
              connect_timeout: 5s            # optional duration, default 5s
            policy: policy.yaml              # required; relative paths resolve against the config file's directory
            identity:
              static_tokens:                 # for development and tests
                - token_sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08   # 64 hex digits
                  user: ingest-bot
                  groups: [ingestion, agents]
            sessions:
              idle_timeout: 5m               # optional, default 5m
              max_sessions: 1000             # optional, default 1000
            masking:
              hash_key: ${env:GUARD_HASH_KEY}  # optional
            """;

    /** The smallest valid file the error cases vary; its line numbers are used below. */
    static final String BASE = """
            server:
              listen: 127.0.0.1:7443
            upstream:
              url: jdbc:mysql://127.0.0.1:3306/
              user: guard_gateway
              password: ${env:GUARD_MYSQL_PASSWORD}
            policy: policy.yaml
            identity:
              static_tokens:
                - token_sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                  user: ingest-bot
                  groups: [ingestion, agents]
            """;

    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void files() throws Exception {
        env.put("GUARD_MYSQL_PASSWORD", SECRET);
        env.put("GUARD_HASH_KEY", HASH_KEY);
        env.put("EMPTY", "");
        write("policy.yaml", "version: 1\n");
        write("cert.pem", "-----BEGIN CERTIFICATE-----\n");
        write("key.pem", "-----BEGIN PRIVATE KEY-----\n");
        write("ks.p12", "not really a key store");
        Files.createDirectories(dir.resolve("a-directory"));
    }

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    GuardConfig load(String yaml) throws Exception {
        return GuardConfigLoader.load(write("guard.yaml", yaml), env);
    }

    ConfigException fail(String yaml) throws Exception {
        Path file = write("guard.yaml", yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> GuardConfigLoader.load(file, env));
        assertThat(e).as("expected a ConfigException for:\n" + yaml).isNotNull();
        assertThat(e.file()).isEqualTo(file.toString());
        assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(HASH_KEY);
        return e;
    }

    /** Asserts file, line, key and a fragment of the reason, and the message's shape. */
    void fails(String yaml, int line, String key, String reason) throws Exception {
        ConfigException e = fail(yaml);
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.key()).as(e.getMessage()).isEqualTo(key);
        assertThat(e.reason()).as(e.getMessage()).contains(reason);
        assertThat(e.getMessage()).isEqualTo(e.file() + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ")
                + e.reason());
    }

    static String replace(String from, String to) {
        assertThat(BASE).contains(from);
        return BASE.replace(from, to);
    }

    // ---- valid files

    @Test
    void loadsTheIssueExample() throws Exception {
        GuardConfig c = load(ISSUE_EXAMPLE);

        assertThat(c.source()).isEqualTo(dir.resolve("guard.yaml").toString());
        assertThat(c.server()).isEqualTo(new Server(new Listen("127.0.0.1", 7443), null, 1024 * 1024,
                16 * 1024 * 1024, Duration.ofSeconds(10)));
        assertThat(c.server().cleartext()).isTrue();
        assertThat(c.server().listen()).hasToString("127.0.0.1:7443");

        assertThat(c.upstream().url()).isEqualTo("jdbc:mysql://127.0.0.1:3306/");
        assertThat(c.upstream().user()).isEqualTo("guard_gateway");
        assertThat(c.upstream().password().reveal()).isEqualTo(SECRET);
        assertThat(c.upstream().password().origin()).isEqualTo("env:GUARD_MYSQL_PASSWORD");
        assertThat(c.upstream().poolSize()).isEqualTo(20);
        assertThat(c.upstream().connectTimeout()).isEqualTo(Duration.ofSeconds(5));

        assertThat(c.policy()).isEqualTo(dir.resolve("policy.yaml"));
        assertThat(c.identity()).isEqualTo(new Identity(List.of(
                new StaticToken(TEST_HASH, "ingest-bot", List.of("ingestion", "agents")))));
        assertThat(c.identity().staticTokens().get(0).sha256()).hasSize(32).startsWith((byte) 0x9f, (byte) 0x86);
        assertThat(c.sessions()).isEqualTo(new Sessions(Duration.ofMinutes(5), 1000));
        assertThat(c.masking().hashKey().reveal()).isEqualTo(HASH_KEY);
        assertThat(c.masking().hashKey().revealUtf8()).isEqualTo(HASH_KEY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void appliesDefaultsAndMakesAMissingIdentityVisible() throws Exception {
        GuardConfig c = load("""
                server:
                  listen: localhost:0
                upstream:
                  url: jdbc:mariadb://db.internal/shop
                  user: guard
                  password: ""
                policy: policy.yaml
                """);
        assertThat(c.server()).isEqualTo(new Server(new Listen("localhost", 0), null,
                Server.DEFAULT_MAX_STATEMENT_BYTES, Server.DEFAULT_MAX_REQUEST_BYTES, Server.DEFAULT_STOP_GRACE));
        assertThat(c.upstream().password().isEmpty()).isTrue();
        assertThat(c.upstream().password().origin()).isEqualTo("inline");
        assertThat(c.upstream().poolSize()).isEqualTo(20);
        assertThat(c.upstream().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.identity()).isSameAs(Identity.NONE);
        assertThat(c.identity().isEmpty()).isTrue();
        assertThat(c.sessions()).isEqualTo(Sessions.DEFAULT);
        assertThat(c.masking()).isSameAs(Masking.NONE);
        assertThat(c.masking().hashKey()).isNull();
    }

    @Test
    void emptySectionsAndListsMeanDefaults() throws Exception {
        GuardConfig c = load(BASE.replace("""
                    - token_sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                      user: ingest-bot
                      groups: [ingestion, agents]
                """, "") + "sessions:\nmasking: {}\n");
        assertThat(c.identity().isEmpty()).isTrue();
        assertThat(c.sessions()).isEqualTo(Sessions.DEFAULT);
        assertThat(c.masking()).isEqualTo(Masking.NONE);

        GuardConfig tokens = load(replace("groups: [ingestion, agents]", "groups: []") + """
                    - token_sha256: 2C26B46B68FFC68FF99B453C1D30413413422D706483BFA0F98A5E886266E7AE
                      user: ingest-bot
                      groups: [a, b, a]
                    - token_sha256: fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9
                      user: other
                      groups:
                sessions:
                  idle_timeout: 90s
                  max_sessions: 3
                """);
        assertThat(tokens.identity().staticTokens()).containsExactly(
                new StaticToken(TEST_HASH, "ingest-bot", List.of()),
                new StaticToken(OTHER_HASH, "ingest-bot", List.of("a", "b")),
                new StaticToken("fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9", "other", List.of()));
        assertThat(tokens.sessions()).isEqualTo(new Sessions(Duration.ofSeconds(90), 3));
    }

    @Test
    void readsListenAddresses() throws Exception {
        Map<String, Listen> cases = Map.of(
                "127.0.0.1:7443", new Listen("127.0.0.1", 7443),
                "0.0.0.0:0", new Listen("0.0.0.0", 0),
                "\"[::1]:7443\"", new Listen("::1", 7443),
                "'[::]:65535'", new Listen("::", 65535),
                "guard.example.com:443", new Listen("guard.example.com", 443));
        for (Map.Entry<String, Listen> e : cases.entrySet()) {
            GuardConfig c = load(replace("127.0.0.1:7443", e.getKey()));
            assertThat(c.server().listen()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(new Listen("::1", 7443)).hasToString("[::1]:7443");
        assertThat(new Listen("::1", 7443).socketAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void readsPemTls() throws Exception {
        GuardConfig c = load(replace("  listen: 127.0.0.1:7443\n", """
                  listen: 127.0.0.1:7443
                  tls:
                    certificate: cert.pem
                    key: ./sub/../key.pem
                """));
        assertThat(c.server().tls()).isEqualTo(new Tls.Pem(dir.resolve("cert.pem"), dir.resolve("key.pem")));
        assertThat(c.server().cleartext()).isFalse();
    }

    @Test
    void readsKeystoreTls() throws Exception {
        write("secrets/ks-password", SECRET + "\n");
        GuardConfig c = load(replace("  listen: 127.0.0.1:7443\n", """
                  listen: 127.0.0.1:7443
                  tls:
                    keystore: %s
                    keystore_password: ${file:secrets/ks-password}
                """.formatted(dir.resolve("ks.p12"))));
        Tls.Keystore tls = (Tls.Keystore) c.server().tls();
        assertThat(tls.keystore()).isEqualTo(dir.resolve("ks.p12"));
        assertThat(tls.password().reveal()).isEqualTo(SECRET);
        assertThat(tls.password().revealChars()).isEqualTo(SECRET.toCharArray());
        assertThat(tls.password().origin()).isEqualTo("file:" + dir.resolve("secrets/ks-password"));
        String description = switch (c.server().tls()) {
            case Tls.Pem pem -> "pem " + pem.certificate();
            case Tls.Keystore ks -> "keystore " + ks.keystore();
        };
        assertThat(description).startsWith("keystore ");
    }

    @Test
    void relativePolicyPathResolvesAgainstTheConfigDirectory() throws Exception {
        write("policies/main.yaml", "version: 1\n");
        Path config = write("conf/guard.yaml", replace("policy: policy.yaml", "policy: ../policies/main.yaml"));
        GuardConfig c = GuardConfigLoader.load(config, env);
        assertThat(c.policy()).isEqualTo(dir.resolve("policies/main.yaml"));
        assertThat(c.policy()).isAbsolute();

        // Not against the working directory: policy.yaml exists next to guard.yaml only in dir, not in conf.
        Path elsewhere = write("conf/other.yaml", BASE);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> GuardConfigLoader.load(elsewhere, env));
        assertThat(e.key()).isEqualTo("policy");
        assertThat(e.reason()).isEqualTo("file " + dir.resolve("conf/policy.yaml") + " does not exist");

        GuardConfig absolute = load(replace("policy: policy.yaml", "policy: " + dir.resolve("policies/main.yaml")));
        assertThat(absolute.policy()).isEqualTo(dir.resolve("policies/main.yaml"));
    }

    @Test
    void fileSecretsLoseExactlyOneTrailingNewline() throws Exception {
        Map<String, String> cases = Map.of(
                SECRET + "\n", SECRET,
                SECRET + "\n\n", SECRET + "\n",
                SECRET + "\r\n", SECRET,
                SECRET, SECRET,
                " " + SECRET + " \n", " " + SECRET + " ",
                "\n", "",
                "", "");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            write("pw.txt", e.getKey());
            GuardConfig c = load(replace("${env:GUARD_MYSQL_PASSWORD}", "${file:pw.txt}"));
            assertThat(c.upstream().password().reveal()).as(e.getKey()).isEqualTo(e.getValue());
        }
        Path absolute = write("sub/pw", "abc\n");
        GuardConfig c = load(replace("${env:GUARD_MYSQL_PASSWORD}", "\"${file:" + absolute + "}\""));
        assertThat(c.upstream().password().reveal()).isEqualTo("abc");
    }

    @Test
    void secretsMayBeWrittenOutOrComeFromTheEnvironment() throws Exception {
        GuardConfig inline = load(replace("${env:GUARD_MYSQL_PASSWORD}", SECRET));
        assertThat(inline.upstream().password().reveal()).isEqualTo(SECRET);
        GuardConfig empty = load(replace("${env:GUARD_MYSQL_PASSWORD}", "${env:EMPTY}"));
        assertThat(empty.upstream().password().reveal()).isEmpty();
        GuardConfig numeric = load(replace("${env:GUARD_MYSQL_PASSWORD}", "0123"));
        assertThat(numeric.upstream().password().reveal()).isEqualTo("0123");
        env.put("NESTED", "${env:GUARD_HASH_KEY}");
        GuardConfig nested = load(replace("${env:GUARD_MYSQL_PASSWORD}", "${env:NESTED}"));
        assertThat(nested.upstream().password().reveal()).as("no substitution inside values").isEqualTo("${env:GUARD_HASH_KEY}");
    }

    // ---- secrets never show

    @Test
    void secretsShowInNoToString() throws Exception {
        write("hk", SECRET);
        GuardConfig c = load(replace("  listen: 127.0.0.1:7443\n", """
                  listen: 127.0.0.1:7443
                  tls:
                    keystore: ks.p12
                    keystore_password: ${env:GUARD_MYSQL_PASSWORD}
                """) + "masking:\n  hash_key: ${file:hk}\n");
        assertThat(c.upstream().password().reveal()).isEqualTo(SECRET);
        assertThat(c.masking().hashKey().reveal()).isEqualTo(SECRET);
        assertThat(c.toString()).doesNotContain(SECRET).contains("password=****").contains("hashKey=****");
        assertThat(c.upstream().toString()).doesNotContain(SECRET);
        assertThat(c.server().tls().toString()).doesNotContain(SECRET).contains("****");
        assertThat(c.masking().toString()).doesNotContain(SECRET);
        assertThat(c.upstream().password()).hasToString("****");
        assertThat(String.valueOf(c.upstream().password())).isEqualTo("****");
        assertThat(Secret.inline(SECRET)).hasToString("****");

        // equals is identity: a secret cannot be probed by comparing.
        assertThat(Secret.inline(SECRET)).isNotEqualTo(Secret.inline(SECRET));
        GuardConfig again = load(BASE);
        assertThat(again.upstream()).isNotEqualTo(load(BASE).upstream());
    }

    static Stream<Arguments> secretInTheWay() {
        return Stream.of(
                // A secret written out, with a problem elsewhere in the file.
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", SECRET).replace("user: guard_gateway", "user: \"\""),
                        5, "upstream.user"),
                // The secret's value in the wrong shape.
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", "[" + SECRET + "]"), 6, "upstream.password"),
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", "{" + SECRET + ": 1}"), 6, "upstream.password"),
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", "pre${env:X}" + SECRET), 6, "upstream.password"),
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", "${" + SECRET + "}"), 6, "upstream.password"),
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", "${" + SECRET + ":x}"), 6, "upstream.password"),
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", "${env:" + SECRET + "}"), 6, "upstream.password"),
                // Broken YAML around it.
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", "\"" + SECRET), 13, ""),
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", "*" + SECRET), 6, ""),
                Arguments.of(replace("${env:GUARD_MYSQL_PASSWORD}", SECRET + ": x: y"), 6, ""),
                // Credentials in the URL, or a token pasted instead of its hash.
                Arguments.of(replace("3306/", "3306/shop?user=x&password=" + SECRET), 4, "upstream.url"),
                Arguments.of(replace("jdbc:mysql://", "jdbc:mysql://root:" + SECRET + "@"), 4, "upstream.url"),
                Arguments.of(replace("jdbc:mysql://127.0.0.1:3306/", "mysql://root:" + SECRET + "@h/"), 4,
                        "upstream.url"),
                Arguments.of(replace(TEST_HASH, SECRET), 10, "identity.static_tokens[0].token_sha256"),
                // A secret in a hash key, with the environment's secret in the password.
                Arguments.of(BASE + "masking:\n  hash_key: " + SECRET + "\n  extra: " + "1\n", 15, "masking.extra"));
    }

    @ParameterizedTest
    @MethodSource("secretInTheWay")
    void secretsShowInNoMessage(String yaml, int line, String key) throws Exception {
        ConfigException e = fail(yaml);
        assertThat(e.getMessage()).doesNotContain(SECRET);
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.key()).as(e.getMessage()).isEqualTo(key);
    }

    // ---- errors

    @Test
    void refusesWhatIsNotAConfiguration() throws Exception {
        fails("server: [\n", 2, "", "not valid YAML");
        fails("- a\n- b\n", 1, "", "the top level must be a mapping");
        fails("", 1, "", "empty configuration");
        fails("# only a comment\n", 1, "", "empty configuration");
        fails("just text\n", 1, "", "the top level must be a mapping");

        Path missing = dir.resolve("nope.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> GuardConfigLoader.load(missing, env));
        assertThat(e.getMessage()).isEqualTo(missing + ": cannot read the file: no such file");
        assertThat(e.line()).isZero();

        Path big = write("big.yaml", BASE + "#".repeat(GuardConfigLoader.MAX_SIZE) + "\n");
        e = catchThrowableOfType(ConfigException.class, () -> GuardConfigLoader.load(big, env));
        assertThat(e.getMessage()).isEqualTo(big + ":1: file is larger than 1 MiB");

        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, (BASE + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        e = catchThrowableOfType(ConfigException.class, () -> GuardConfigLoader.load(latin1, env));
        assertThat(e.getMessage()).isEqualTo(latin1 + ":1: file is not valid UTF-8");
    }

    @Test
    void refusesUnknownAndDuplicateKeysAtEveryLevel() throws Exception {
        fails(BASE + "extra: 1\n", 13, "extra",
                "unknown key 'extra'; expected server, upstream, policy, identity, sessions or masking");
        fails(replace("  listen: 127.0.0.1:7443\n", "  listen: 127.0.0.1:7443\n  port: 1\n"), 3, "server.port",
                "unknown key 'port'; expected listen, tls, max_statement_bytes, max_request_bytes or stop_grace");
        fails(replace("  user: guard_gateway\n", "  username: guard_gateway\n  user: x\n"), 5, "upstream.username",
                "unknown key 'username'");
        fails(replace("      user: ingest-bot\n", "      usr: ingest-bot\n      user: x\n"), 11,
                "identity.static_tokens[0].usr", "unknown key 'usr'; expected token_sha256, user or groups");
        fails(BASE.replace("  static_tokens:", "  tokens: []\n  static_tokens:"), 9, "identity.tokens",
                "unknown key 'tokens'");
        fails(BASE + "sessions:\n  idle: 5m\n", 14, "sessions.idle", "unknown key 'idle'");
        fails(BASE + "masking:\n  key: ${env:GUARD_HASH_KEY}\n", 14, "masking.key", "unknown key 'key'");
        fails(replace("  listen: 127.0.0.1:7443\n", "  listen: 127.0.0.1:7443\n  tls:\n    cert: cert.pem\n"),
                4, "server.tls.cert", "unknown key 'cert'; expected certificate, key, keystore or keystore_password");
        fails(replace("  user: guard_gateway\n", "  user: guard_gateway\n  user: again\n"), 6, "upstream.user",
                "duplicate key 'user'");
        fails(replace("  user: guard_gateway", "  ? [a]\n  : 1\n  user: guard_gateway"),
                5, "upstream", "a key must be a plain name, found a list");
        fails(replace("jdbc:mysql://127.0.0.1:3306/", "!url jdbc:mysql://127.0.0.1:3306/"), 4, "upstream.url",
                "unsupported tag '!url'");
    }

    @Test
    void refusesMissingRequiredKeys() throws Exception {
        String noServer = BASE.replace("server:\n  listen: 127.0.0.1:7443\n", "");
        fails(noServer, 1, "server", "missing required key 'server'");
        fails(BASE.replace("policy: policy.yaml\n", ""), 1, "policy", "missing required key 'policy'");
        fails(BASE.replace("upstream:\n  url: jdbc:mysql://127.0.0.1:3306/\n  user: guard_gateway\n"
                + "  password: ${env:GUARD_MYSQL_PASSWORD}\n", ""), 1, "upstream", "missing required key 'upstream'");
        fails(replace("  listen: 127.0.0.1:7443", "  max_statement_bytes: 1000"), 2, "server.listen",
                "missing required key 'listen'");
        fails(replace("  listen: 127.0.0.1:7443", "  listen:"), 2, "server.listen", "missing value");
        fails(replace("server:\n  listen: 127.0.0.1:7443", "server:"), 1, "server", "expected a mapping, found ''");
        fails(replace("  url: jdbc:mysql://127.0.0.1:3306/\n", ""), 4, "upstream.url", "missing required key 'url'");
        fails(replace("  user: guard_gateway\n", ""), 4, "upstream.user", "missing required key 'user'");
        fails(replace("  password: ${env:GUARD_MYSQL_PASSWORD}\n", ""), 4, "upstream.password",
                "missing required key 'password'");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", ""), 6, "upstream.password",
                "missing value; write \"\" for an empty value, or ${env:NAME} or ${file:PATH}");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "~"), 6, "upstream.password", "missing value");
        fails(replace("policy: policy.yaml", "policy:"), 7, "policy", "missing value");
    }

    @Test
    void refusesBadListenAddresses() throws Exception {
        String expected = "; expected host:port, e.g. 127.0.0.1:7443, [::1]:7443 or 0.0.0.0:7443";
        fails(replace("127.0.0.1:7443", "127.0.0.1"), 2, "server.listen",
                "bad listen address '127.0.0.1'; the port is missing" + expected);
        fails(replace("127.0.0.1:7443", "127.0.0.1:65536"), 2, "server.listen",
                "bad port '65536'; expected 0 to 65535 (0: any free port)");
        fails(replace("127.0.0.1:7443", "127.0.0.1:-1"), 2, "server.listen", "bad port '-1'");
        fails(replace("127.0.0.1:7443", "'127.0.0.1:'"), 2, "server.listen", "bad port ''");
        fails(replace("127.0.0.1:7443", "127.0.0.1:http"), 2, "server.listen", "bad port 'http'");
        fails(replace("127.0.0.1:7443", "127.0.0.1:0000007443"), 2, "server.listen", "bad port");
        fails(replace("127.0.0.1:7443", "'::1:7443'"), 2, "server.listen",
                "bad listen address '::1:7443'; write an IPv6 address in brackets, e.g. [::1]:7443");
        fails(replace("127.0.0.1:7443", "'[::g]:7443'"), 2, "server.listen", "'::g' is not an IPv6 address");
        fails(replace("127.0.0.1:7443", "'[1.2.3.4]:7443'"), 2, "server.listen", "'1.2.3.4' is not an IPv6 address");
        fails(replace("127.0.0.1:7443", "'[::1]7443'"), 2, "server.listen", "bad listen address '[::1]7443'");
        fails(replace("127.0.0.1:7443", "256.0.0.1:7443"), 2, "server.listen",
                "'256.0.0.1' is not a host name or IP address");
        fails(replace("127.0.0.1:7443", "bad_host:7443"), 2, "server.listen",
                "'bad_host' is not a host name or IP address");
        fails(replace("127.0.0.1:7443", "':7443'"), 2, "server.listen", "the host is missing");
        fails(replace("127.0.0.1:7443", "[127.0.0.1, 7443]"), 2, "server.listen", "expected a single value, found a list");
    }

    @Test
    void refusesBadTls() throws Exception {
        String tls = "  listen: 127.0.0.1:7443\n  tls:\n";
        String at = "  listen: 127.0.0.1:7443\n";
        fails(replace(at, tls + "    certificate: cert.pem\n"), 4, "server.tls.key",
                "missing required key 'key'; certificate needs its private key");
        fails(replace(at, tls + "    key: key.pem\n"), 4, "server.tls.certificate",
                "missing required key 'certificate'; key needs its certificate");
        fails(replace(at, tls + "    certificate: cert.pem\n    key: key.pem\n    keystore: ks.p12\n"
                + "    keystore_password: x\n"), 6, "server.tls.keystore",
                "give either certificate and key, or keystore and keystore_password, not both");
        fails(replace(at, tls + "    keystore: ks.p12\n"), 4, "server.tls.keystore_password",
                "missing required key 'keystore_password'; keystore needs its password (it may be \"\")");
        fails(replace(at, tls + "    keystore_password: ${env:GUARD_MYSQL_PASSWORD}\n"), 4, "server.tls.keystore",
                "missing required key 'keystore'; keystore_password needs a keystore");
        fails(replace(at, tls), 3, "server.tls", "tls needs certificate and key, or keystore and keystore_password; "
                + "leave tls out for cleartext HTTP/2 (h2c)");
        fails(replace(at, "  listen: 127.0.0.1:7443\n  tls: {}\n"), 3, "server.tls", "tls needs certificate and key");
        fails(replace(at, tls + "    certificate: missing.pem\n    key: key.pem\n"), 4, "server.tls.certificate",
                "file " + dir.resolve("missing.pem") + " does not exist");
        fails(replace(at, tls + "    certificate: cert.pem\n    key: a-directory\n"), 5, "server.tls.key",
                dir.resolve("a-directory") + " is not a regular file");
        fails(replace(at, tls + "    keystore: /no/such/ks.p12\n    keystore_password: \"\"\n"), 4,
                "server.tls.keystore", "file /no/such/ks.p12 does not exist");
        fails(replace(at, tls + "    keystore: ks.p12\n    keystore_password: ${env:NOPE}\n"), 5,
                "server.tls.keystore_password", "environment variable NOPE is not set");
    }

    @Test
    void refusesMissingOrUnreadablePolicy() throws Exception {
        fails(replace("policy: policy.yaml", "policy: nothing.yaml"), 7, "policy",
                "file " + dir.resolve("nothing.yaml") + " does not exist");
        fails(replace("policy: policy.yaml", "policy: a-directory"), 7, "policy",
                dir.resolve("a-directory") + " is not a regular file");
        fails(replace("policy: policy.yaml", "policy: [policy.yaml]"), 7, "policy", "expected a single value");
        fails(replace("policy: policy.yaml", "policy: \"bad\\0path\""), 7, "policy", "bad path 'bad?path'");
    }

    @Test
    void refusesBadUpstreams() throws Exception {
        fails(replace("jdbc:mysql://127.0.0.1:3306/", "jdbc:postgresql://127.0.0.1/"), 4, "upstream.url",
                "expected a URL starting with jdbc:mysql:// or jdbc:mariadb://, found 'jdbc:postgresql://'");
        fails(replace("jdbc:mysql://127.0.0.1:3306/", "127.0.0.1:3306"), 4, "upstream.url",
                "expected a URL starting with jdbc:mysql:// or jdbc:mariadb://");
        fails(replace("jdbc:mysql://127.0.0.1:3306/", "JDBC:MYSQL://127.0.0.1/"), 4, "upstream.url",
                "expected a URL starting with jdbc:mysql://");
        fails(replace("jdbc:mysql://127.0.0.1:3306/", "jdbc:mysql://"), 4, "upstream.url", "the URL names no host");
        fails(replace("3306/", "3306/?password=x"), 4, "upstream.url",
                "the URL must not hold a user or password; give them as upstream.user and upstream.password");
        fails(replace("3306/", "3306/shop?useSSL=true&user=root"), 4, "upstream.url", "must not hold a user");
        fails(replace("jdbc:mysql://", "jdbc:mysql://root@"), 4, "upstream.url", "must not hold a user");
        fails(replace("jdbc:mysql://127.0.0.1:3306/", "'jdbc:mysql://127.0.0.1:3306/ shop'"), 4, "upstream.url",
                "whitespace");
        fails(replace("user: guard_gateway", "user: ' guard'"), 5, "upstream.user", "is not a name");

        String pool = replace("  user: guard_gateway\n", "  user: guard_gateway\n  pool_size: %s\n");
        fails(pool.formatted("0"), 6, "upstream.pool_size", "expected an integer from 1 to 1000, found '0'");
        fails(pool.formatted("1001"), 6, "upstream.pool_size", "expected an integer from 1 to 1000, found '1001'");
        fails(pool.formatted("-1"), 6, "upstream.pool_size", "found '-1'");
        fails(pool.formatted("2.5"), 6, "upstream.pool_size", "found '2.5'");
        fails(pool.formatted("'20'"), 6, "upstream.pool_size", "found '20'");
        fails(pool.formatted("99999999999999999999"), 6, "upstream.pool_size", "expected an integer from 1 to 1000");
        assertThat(load(pool.formatted("1000")).upstream().poolSize()).isEqualTo(1000);
        assertThat(load(pool.formatted("1")).upstream().poolSize()).isEqualTo(1);
    }

    @Test
    void refusesBadDurations() throws Exception {
        String timeout = replace("  user: guard_gateway\n", "  user: guard_gateway\n  connect_timeout: %s\n");
        fails(timeout.formatted("5"), 6, "upstream.connect_timeout",
                "bad duration '5'; expected an integer followed by ms, s, m or h, e.g. 30s");
        fails(timeout.formatted("5d"), 6, "upstream.connect_timeout", "bad duration '5d'");
        fails(timeout.formatted("5 s"), 6, "upstream.connect_timeout", "bad duration '5 s'");
        fails(timeout.formatted("-5s"), 6, "upstream.connect_timeout", "bad duration '-5s'");
        fails(timeout.formatted("1.5s"), 6, "upstream.connect_timeout", "bad duration '1.5s'");
        fails(timeout.formatted("0s"), 6, "upstream.connect_timeout", "bad duration '0s'; it must be positive");
        fails(timeout.formatted("2h"), 6, "upstream.connect_timeout", "duration '2h' is longer than the limit of 1h");
        fails(timeout.formatted("9999999999ms"), 6, "upstream.connect_timeout", "duration too large");
        assertThat(load(timeout.formatted("250ms")).upstream().connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(load(timeout.formatted("1h")).upstream().connectTimeout()).isEqualTo(Duration.ofHours(1));

        fails(BASE + "sessions:\n  idle_timeout: 5min\n", 14, "sessions.idle_timeout", "bad duration '5min'");
        fails(BASE + "sessions:\n  idle_timeout:\n", 14, "sessions.idle_timeout", "missing value");
        assertThat(load(BASE + "sessions:\n  idle_timeout: 48h\n").sessions().idleTimeout())
                .isEqualTo(Duration.ofHours(48));
        fails(BASE + "sessions:\n  max_sessions: 0\n", 14, "sessions.max_sessions",
                "expected an integer from 1 to 1000000, found '0'");
    }

    @Test
    void refusesBadSizes() throws Exception {
        String at = "  listen: 127.0.0.1:7443\n";
        fails(replace(at, at + "  max_statement_bytes: 0\n"), 3, "server.max_statement_bytes",
                "expected an integer from 1 to 1073741824, found '0'");
        fails(replace(at, at + "  max_request_bytes: 1073741825\n"), 3, "server.max_request_bytes",
                "expected an integer from 1 to 1073741824");
        fails(replace(at, at + "  max_statement_bytes: 2000\n  max_request_bytes: 1000\n"), 3,
                "server.max_statement_bytes",
                "max_statement_bytes (2000) is larger than max_request_bytes (1000); a statement travels inside a request");
        fails(replace(at, at + "  max_request_bytes: 1000\n"), 3, "server.max_request_bytes",
                "max_statement_bytes (1048576) is larger than max_request_bytes (1000)");
        GuardConfig c = load(replace(at, at + "  max_statement_bytes: 1000\n  max_request_bytes: 1000\n"));
        assertThat(c.server().maxStatementBytes()).isEqualTo(1000);
        assertThat(c.server().maxRequestBytes()).isEqualTo(1000);
    }

    @Test
    void readsTheStopGrace() throws Exception {
        String at = "  listen: 127.0.0.1:7443\n";
        assertThat(load(replace(at, at + "  stop_grace: 45s\n")).server().stopGrace()).isEqualTo(Duration.ofSeconds(45));
        fails(replace(at, at + "  stop_grace: 2h\n"), 3, "server.stop_grace", "longer than the limit of 1h");
        fails(replace(at, at + "  stop_grace: 10\n"), 3, "server.stop_grace", "duration");
    }

    @Test
    void refusesBadStaticTokens() throws Exception {
        fails(replace(TEST_HASH, TEST_HASH.substring(1)), 10, "identity.static_tokens[0].token_sha256",
                "expected 64 hex digits, the SHA-256 of the token, found 63 characters");
        fails(replace(TEST_HASH, TEST_HASH.substring(1) + "g"), 10, "identity.static_tokens[0].token_sha256",
                "found 64 characters that are not all hex digits");
        fails(replace(TEST_HASH, "'" + TEST_HASH + " '"), 10, "identity.static_tokens[0].token_sha256",
                "found 65 characters");
        fails(replace("      user: ingest-bot\n", ""), 10, "identity.static_tokens[0].user",
                "missing required key 'user'");
        fails(replace("      user: ingest-bot\n", "      user:\n"), 11, "identity.static_tokens[0].user",
                "missing value");
        fails(replace("- token_sha256: " + TEST_HASH + "\n      user:", "- user:"), 10,
                "identity.static_tokens[0].token_sha256", "missing required key 'token_sha256'");
        fails(replace("groups: [ingestion, agents]", "groups: ingestion"), 12, "identity.static_tokens[0].groups",
                "expected a list, found 'ingestion'");
        fails(replace("groups: [ingestion, agents]", "groups: [ingestion, '']"), 12,
                "identity.static_tokens[0].groups[1]", "missing value");
        fails(replace("groups: [ingestion, agents]", "groups: [ingestion, ~]"), 12,
                "identity.static_tokens[0].groups[1]", "missing value");
        fails(replace("groups: [ingestion, agents]", "groups: [[ingestion]]"), 12,
                "identity.static_tokens[0].groups[0]", "expected a single value, found a list");
        fails(replace("groups: [ingestion, agents]", "groups: [{a: b}]"), 12,
                "identity.static_tokens[0].groups[0]", "expected a single value, found a mapping");
        fails(replace("groups: [ingestion, agents]", "groups: ['  padded']"), 12,
                "identity.static_tokens[0].groups[0]", "'  padded' is not a name");
        fails(BASE.replace("  static_tokens:\n", "  static_tokens: {}\n").replace("""
                    - token_sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                      user: ingest-bot
                      groups: [ingestion, agents]
                """, ""), 9, "identity.static_tokens", "expected a list, found a mapping");
        fails(BASE + "    - " + OTHER_HASH + "\n", 13, "identity.static_tokens[1]",
                "expected a mapping, found '" + OTHER_HASH.substring(0, 57) + "...'");
        fails(BASE.replace("identity:\n", "identity: []\n").replaceAll("(?s)  static_tokens:.*", ""), 8,
                "identity", "expected a mapping, found a list");
    }

    @Test
    void refusesTheSameTokenTwice() throws Exception {
        fails(BASE + """
                    - token_sha256: %s
                      user: other-bot
                """.formatted(TEST_HASH.toUpperCase(java.util.Locale.ROOT)), 13,
                "identity.static_tokens[1].token_sha256",
                "the same token hash as identity.static_tokens[0] (line 10); each static token must be different");
    }

    @Test
    void refusesBadSubstitutions() throws Exception {
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${vault:mysql/guard}"), 6, "upstream.password",
                "unknown substitution; expected ${env:NAME} or ${file:PATH}");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${GUARD_MYSQL_PASSWORD}"), 6, "upstream.password",
                "bad substitution; expected ${env:NAME} or ${file:PATH}");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${env:NOPE}"), 6, "upstream.password",
                "environment variable NOPE is not set");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${env:1BAD}"), 6, "upstream.password",
                "bad environment variable name");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${env:}"), 6, "upstream.password",
                "bad environment variable name");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "x${env:GUARD_MYSQL_PASSWORD}"), 6, "upstream.password",
                "a secret is either written out without ${ or is exactly ${env:NAME} or ${file:PATH} "
                        + "(substitution applies to whole values only)");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${env:A}${env:B}"), 6, "upstream.password",
                "a secret is either written out");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${file:no-such-secret}"), 6, "upstream.password",
                "cannot read secret file " + dir.resolve("no-such-secret") + ": no such file");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${file:a-directory}"), 6, "upstream.password",
                "cannot read secret file " + dir.resolve("a-directory") + ": not a regular file");
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${file:}"), 6, "upstream.password", "${file:} names no file");
        write("big-secret", "x".repeat(GuardConfigLoader.MAX_SECRET_FILE + 1));
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${file:big-secret}"), 6, "upstream.password",
                "cannot read secret file " + dir.resolve("big-secret") + ": larger than 64 KiB");
        Files.write(dir.resolve("latin1-secret"), new byte[] {'c', 'a', 'f', (byte) 0xe9});
        fails(replace("${env:GUARD_MYSQL_PASSWORD}", "${file:latin1-secret}"), 6, "upstream.password",
                "cannot read secret file " + dir.resolve("latin1-secret") + ": not valid UTF-8");

        fails(replace("user: guard_gateway", "user: ${env:USER}"), 5, "upstream.user",
                "only password, keystore_password and hash_key take ${env:...} or ${file:...}");
        fails(replace("policy: policy.yaml", "policy: ${file:policy.yaml}"), 7, "policy",
                "only password, keystore_password and hash_key take");
        fails(replace("127.0.0.1:7443", "127.0.0.1:${env:PORT}"), 2, "server.listen", "only password");
        fails(replace("groups: [ingestion, agents]", "groups: [\"${env:G}\"]"), 12,
                "identity.static_tokens[0].groups[0]", "only password");

        fails(BASE + "masking:\n  hash_key: ${env:EMPTY}\n", 14, "masking.hash_key",
                "empty value (from env:EMPTY); give a long random key");
        fails(BASE + "masking:\n  hash_key: \"\"\n", 14, "masking.hash_key", "empty value (from inline)");
        fails(BASE + "masking:\n  hash_key: ${env:NOPE}\n", 14, "masking.hash_key",
                "environment variable NOPE is not set");
    }

    @Test
    void reportsTheEarliestProblem() throws Exception {
        String yaml = replace("127.0.0.1:7443", "nohost").replace("jdbc:mysql://", "jdbc:pg://") + "extra: 1\n";
        fails(yaml, 2, "server.listen", "the port is missing");
        fails(BASE.replace("policy: policy.yaml", "policy: gone.yaml") + "sessions:\n  max_sessions: 0\n", 7,
                "policy", "does not exist");
    }

    /** The messages shown in docs/reference/configuration.md, word for word (there the file is named guard.yaml). */
    @Test
    void messagesAsDocumented() throws Exception {
        Path config = write("guard.yaml", replace("  user: guard_gateway\n",
                "  user: guard_gateway\n  pool_size: 0\n"));
        assertThat(message(config)).isEqualTo(config
                + ":6: upstream.pool_size: expected an integer from 1 to 1000, found '0'");
        write("guard.yaml", replace("${env:GUARD_MYSQL_PASSWORD}", "${env:GUARD_MYSQL_PASSWORD_TYPO}"));
        assertThat(message(config)).isEqualTo(config
                + ":6: upstream.password: environment variable GUARD_MYSQL_PASSWORD_TYPO is not set");
        write("guard.yaml", replace("  listen: 127.0.0.1:7443\n",
                "  listen: 127.0.0.1:7443\n  tls:\n    certificate: cert.pem\n"));
        assertThat(message(config)).isEqualTo(config
                + ":4: server.tls.key: missing required key 'key'; certificate needs its private key");
    }

    private String message(Path config) {
        return catchThrowableOfType(ConfigException.class, () -> GuardConfigLoader.load(config, env)).getMessage();
    }
}
