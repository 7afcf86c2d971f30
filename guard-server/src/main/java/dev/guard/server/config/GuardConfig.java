package dev.guard.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's configuration, as {@link GuardConfigLoader} reads it from {@code guard.yaml}; every part is
 * validated at load. Paths are absolute (relative ones in the file resolve against the file's directory); the
 * files they name existed and were readable at load. Secrets are {@link Secret}s, so this record's
 * {@code toString()} never shows one.
 *
 * @param source   the configuration file, as given to the loader
 * @param server   {@code server}: where and how the gateway listens
 * @param upstream {@code upstream}: the MySQL server and Guard's own credential for it
 * @param policy   {@code policy}: the policy file (not yet loaded: the server loads it with its catalog)
 * @param identity {@code identity}: who may call; {@link Identity#NONE} when the section is absent
 * @param sessions {@code sessions}: session limits, defaults when absent
 * @param masking  {@code masking}: masking settings, {@link Masking#NONE} when absent
 */
public record GuardConfig(String source, Server server, Upstream upstream, Path policy, Identity identity,
        Sessions sessions, Masking masking) {

    public GuardConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(masking, "masking");
    }

    /**
     * {@code server}.
     *
     * @param listen            {@code listen}: host and port to bind; port 0 binds any free port
     * @param tls               {@code tls}: the server's certificate and key, or null for cleartext HTTP/2 (h2c)
     * @param maxStatementBytes {@code max_statement_bytes}: longest statement text accepted, in UTF-8 bytes
     * @param maxRequestBytes   {@code max_request_bytes}: largest request body accepted, in bytes
     * @param stopGrace         {@code stop_grace}: on stop, how long running statements may go on before they are cancelled
     */
    public record Server(Listen listen, Tls tls, int maxStatementBytes, int maxRequestBytes, Duration stopGrace) {
        public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_STATEMENT_BYTES = 1024 * 1024;
        public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
        /** Upper bound of both sizes (MySQL's largest max_allowed_packet). */
        public static final int MAX_BYTES = 1024 * 1024 * 1024;

        public Server {
            Objects.requireNonNull(listen, "listen");
            if (maxStatementBytes < 1 || maxStatementBytes > maxRequestBytes || maxRequestBytes > MAX_BYTES) {
                throw new IllegalArgumentException("need 1 <= maxStatementBytes <= maxRequestBytes <= 1 GiB");
            }
            Objects.requireNonNull(stopGrace, "stopGrace");
        }

        /** Whether the gateway speaks cleartext HTTP/2 (h2c), i.e. no {@code tls} was configured. */
        public boolean cleartext() {
            return tls == null;
        }
    }

    /**
     * {@code server.listen}.
     *
     * @param host a host name, an IPv4 address or an IPv6 address (without the brackets of the file)
     * @param port 0 to 65535; 0 means any free port
     */
    public record Listen(String host, int port) {
        public Listen {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty()) throw new IllegalArgumentException("empty host");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        }

        /** The address to bind; resolves a host name. */
        public InetSocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        /** {@code host:port}, with an IPv6 address in brackets, as written in the file. */
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** {@code server.tls}: either a PEM certificate chain and key, or a key store. */
    public sealed interface Tls permits Tls.Pem, Tls.Keystore {

        /**
         * {@code certificate} and {@code key}.
         *
         * @param certificate PEM certificate chain, the server's certificate first
         * @param key         PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) of that certificate
         */
        record Pem(Path certificate, Path key) implements Tls {
            public Pem {
                Objects.requireNonNull(certificate, "certificate");
                Objects.requireNonNull(key, "key");
            }
        }

        /**
         * {@code keystore} and {@code keystore_password}.
         *
         * @param keystore a PKCS#12 (or JKS) key store holding one private key entry and its chain
         * @param password the store's password, also used for the key entry; may be empty
         */
        record Keystore(Path keystore, Secret password) implements Tls {
            public Keystore {
                Objects.requireNonNull(keystore, "keystore");
                Objects.requireNonNull(password, "password");
            }
        }
    }

    /**
     * {@code upstream}.
     *
     * @param url            JDBC URL, {@code jdbc:mysql://} or {@code jdbc:mariadb://}, without credentials
     * @param user           the MySQL user Guard connects as
     * @param password       its password; may be empty
     * @param poolSize       {@code pool_size}: connections kept to the upstream, 1 to 1000
     * @param connectTimeout {@code connect_timeout}: limit on opening one upstream connection
     */
    public record Upstream(String url, String user, Secret password, int poolSize, Duration connectTimeout) {
        public static final int DEFAULT_POOL_SIZE = 20;
        public static final int MAX_POOL_SIZE = 1000;
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

        public Upstream {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (poolSize < 1 || poolSize > MAX_POOL_SIZE) throw new IllegalArgumentException("poolSize " + poolSize);
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
        }
    }

    /**
     * {@code identity}. An empty token list means no caller can authenticate: the gateway then refuses every
     * request that needs a credential.
     *
     * @param staticTokens {@code static_tokens}, in file order; no two share a hash
     */
    public record Identity(List<StaticToken> staticTokens) {
        /** No identity section: nobody can authenticate. */
        public static final Identity NONE = new Identity(List.of());

        public Identity {
            staticTokens = List.copyOf(staticTokens);
        }

        /** Whether no caller can authenticate. */
        public boolean isEmpty() {
            return staticTokens.isEmpty();
        }
    }

    /**
     * One entry of {@code identity.static_tokens}: a bearer token known by its SHA-256, and who presents it.
     *
     * @param tokenSha256 SHA-256 of the token's UTF-8 bytes, 64 lower-case hex digits
     * @param user        the caller's user name, as policy subjects name it
     * @param groups      the caller's groups, in file order without repeats; may be empty
     */
    public record StaticToken(String tokenSha256, String user, List<String> groups) {
        public StaticToken {
            Objects.requireNonNull(tokenSha256, "tokenSha256");
            Objects.requireNonNull(user, "user");
            if (!tokenSha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("tokenSha256 must be 64 lower-case hex digits");
            }
            groups = List.copyOf(groups);
        }

        /** The hash as 32 bytes (a fresh array), for a constant-time comparison. */
        public byte[] sha256() {
            return HexFormat.of().parseHex(tokenSha256);
        }
    }

    /**
     * {@code sessions}.
     *
     * @param idleTimeout {@code idle_timeout}: a session unused this long is rolled back and closed
     * @param maxSessions {@code max_sessions}: open sessions at most, over all callers
     */
    public record Sessions(Duration idleTimeout, int maxSessions) {
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
        public static final int DEFAULT_MAX_SESSIONS = 1000;
        public static final int MAX_MAX_SESSIONS = 1_000_000;
        /** The values used when the section or a key is absent. */
        public static final Sessions DEFAULT = new Sessions(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_SESSIONS);

        public Sessions {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive");
            }
            if (maxSessions < 1 || maxSessions > MAX_MAX_SESSIONS) {
                throw new IllegalArgumentException("maxSessions " + maxSessions);
            }
        }
    }

    /**
     * {@code masking}.
     *
     * @param hashKey {@code hash_key}: the HMAC-SHA256 key of method {@code hash} (its UTF-8 bytes), non-empty;
     *                null when not configured. Whether the policy needs it is checked when the policy is loaded.
     */
    public record Masking(Secret hashKey) {
        /** No masking section, or one without a hash key. */
        public static final Masking NONE = new Masking(null);

        public Masking {
            if (hashKey != null && hashKey.isEmpty()) throw new IllegalArgumentException("empty hash key");
        }
    }
}
