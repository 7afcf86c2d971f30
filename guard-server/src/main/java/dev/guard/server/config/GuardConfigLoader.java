package dev.guard.server.config;

import dev.guard.server.config.GuardConfig.Identity;
import dev.guard.server.config.GuardConfig.Listen;
import dev.guard.server.config.GuardConfig.Masking;
import dev.guard.server.config.GuardConfig.Server;
import dev.guard.server.config.GuardConfig.Sessions;
import dev.guard.server.config.GuardConfig.StaticToken;
import dev.guard.server.config.GuardConfig.Tls;
import dev.guard.server.config.GuardConfig.Upstream;
import dev.guard.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and validates the gateway's configuration file ({@code guard.yaml}).
 *
 * <p>Read like the policy, with {@link YamlReader}: unknown keys are refused at every level, and every problem is
 * reported with the file, the line and the key path (the one on the earliest line when there are several).
 *
 * <p>Secrets ({@code upstream.password}, {@code server.tls.keystore_password}, {@code masking.hash_key}) are
 * either written out or are exactly {@code ${env:NAME}} or {@code ${file:PATH}}; no other value may hold
 * {@code ${}. No message and no {@code toString()} ever holds a secret's value.
 */
public final class GuardConfigLoader extends YamlReader<ConfigException> {
    /** Largest configuration file accepted, in bytes of the file and in characters of the text. */
    static final int MAX_SIZE = 1024 * 1024;
    /** Largest file a {@code ${file:...}} secret is read from. */
    static final int MAX_SECRET_FILE = 64 * 1024;

    private static final List<String> TOP_KEYS =
            List.of("server", "upstream", "policy", "identity", "sessions", "masking");
    private static final List<String> SERVER_KEYS = List.of("listen", "tls", "max_statement_bytes",
            "max_request_bytes", "stop_grace");
    private static final List<String> TLS_KEYS = List.of("certificate", "key", "keystore", "keystore_password");
    private static final List<String> UPSTREAM_KEYS = List.of("url", "user", "password", "pool_size",
            "connect_timeout");
    private static final List<String> IDENTITY_KEYS = List.of("static_tokens");
    private static final List<String> TOKEN_KEYS = List.of("token_sha256", "user", "groups");
    private static final List<String> SESSIONS_KEYS = List.of("idle_timeout", "max_sessions");
    private static final List<String> MASKING_KEYS = List.of("hash_key");
    private static final List<String> URL_PREFIXES = List.of("jdbc:mysql://", "jdbc:mariadb://");

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*\\.?");
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    /** A password or user in a JDBC URL: Connector/J and MariaDB take them as parameters or in the authority. */
    private static final Pattern URL_CREDENTIAL = Pattern.compile("password[0-9]*\\s*=|[?&(,;]\\s*user\\s*=");
    private static final String SUBSTITUTION_ONLY_FOR_SECRETS =
            "only password, keystore_password and hash_key take ${env:...} or ${file:...}";

    private final Path baseDir;
    private final Map<String, String> environment;

    private GuardConfigLoader(String source, Path baseDir, Map<String, String> environment) {
        super(source, ConfigException::new);
        this.baseDir = baseDir;
        this.environment = environment;
    }

    /**
     * Reads and validates {@code file} (UTF-8); messages name it as given. Relative paths in it resolve against
     * its directory. {@code environment} supplies {@code ${env:NAME}} (production passes {@link System#getenv()}).
     */
    public static GuardConfig load(Path file, Map<String, String> environment) throws ConfigException {
        Objects.requireNonNull(environment, "environment");
        String name = file.toString();
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent() != null ? absolute.getParent() : absolute.getRoot();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(name, 0, "", Files.exists(file)
                    ? "cannot read the file: not a regular file" : "cannot read the file: no such file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_SIZE + 1);
        } catch (IOException e) {
            throw new ConfigException(name, 0, "", "cannot read the file: " + ioReason(e));
        }
        if (bytes.length > MAX_SIZE) throw new ConfigException(name, 1, "", "file is larger than 1 MiB");
        String text;
        try {
            text = utf8(bytes);
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, 1, "", "file is not valid UTF-8");
        }
        return new GuardConfigLoader(name, dir, environment).document(text);
    }

    // ---- document and sections

    private GuardConfig document(String text) throws ConfigException {
        Node root = compose(text, MAX_SIZE, true);
        if (root == null) {
            throw new ConfigException(source, 1, "", "empty configuration; expected a mapping with server, "
                    + "upstream and policy");
        }
        if (!(root instanceof MappingNode top)) {
            throw new ConfigException(source, line(root), "", "the top level must be a mapping with server, "
                    + "upstream, policy and optionally identity, sessions and masking");
        }
        Map<String, NodeTuple> f = fields(top, "", TOP_KEYS);
        for (String key : List.of("server", "upstream", "policy")) {
            if (!f.containsKey(key)) missing(top, "", key);
        }
        Server server = field(f, "server", "", this::server);
        Upstream upstream = field(f, "upstream", "", this::upstream);
        Path policy = field(f, "policy", "", this::existingFile);
        Identity identity = optionalSection(f, "identity", this::identity, Identity.NONE);
        Sessions sessions = optionalSection(f, "sessions", this::sessions, Sessions.DEFAULT);
        Masking masking = optionalSection(f, "masking", this::masking, Masking.NONE);
        throwFirst();
        return new GuardConfig(source, server, upstream, policy, identity, sessions, masking);
    }

    /** An optional section: absent or empty gives {@code absent}; a problem is reported and gives null. */
    private <T> T optionalSection(Map<String, NodeTuple> f, String key, Value<T, ConfigException> value, T absent) {
        NodeTuple t = f.get(key);
        if (t == null || isNull(t.getValueNode())) return absent;
        return field(f, key, "", value);
    }

    private Server server(Node n, String path) throws ConfigException {
        MappingNode m = mapping(n, path);
        int before = problems();
        Map<String, NodeTuple> f = fields(m, path, SERVER_KEYS);
        if (!f.containsKey("listen")) missing(m, path, "listen");
        Listen listen = field(f, "listen", path, this::listen);
        Tls tls = field(f, "tls", path, this::tls);
        Integer statement = field(f, "max_statement_bytes", path, (v, p) -> integer(v, p, 1, Server.MAX_BYTES));
        Integer request = field(f, "max_request_bytes", path, (v, p) -> integer(v, p, 1, Server.MAX_BYTES));
        Duration grace = field(f, "stop_grace", path, (v, p) -> duration(v, p, Duration.ofHours(1)));
        if (problems() != before) return null;
        int s = statement != null ? statement : Server.DEFAULT_MAX_STATEMENT_BYTES;
        int r = request != null ? request : Server.DEFAULT_MAX_REQUEST_BYTES;
        if (s > r) {
            String reason = "max_statement_bytes (" + s + ") is larger than max_request_bytes (" + r
                    + "); a statement travels inside a request";
            keyProblem(f, statement != null ? "max_statement_bytes" : "max_request_bytes", path, reason);
            return null;
        }
        return new Server(listen, tls, s, r, grace != null ? grace : Server.DEFAULT_STOP_GRACE);
    }

    private Tls tls(Node n, String path) throws ConfigException {
        String expected = "tls needs certificate and key, or keystore and keystore_password; "
                + "leave tls out for cleartext HTTP/2 (h2c)";
        if (isNull(n)) throw error(n, path, expected);
        MappingNode m = mapping(n, path);
        int before = problems();
        Map<String, NodeTuple> f = fields(m, path, TLS_KEYS);
        boolean pem = f.containsKey("certificate") || f.containsKey("key");
        boolean store = f.containsKey("keystore") || f.containsKey("keystore_password");
        if (!pem && !store) {
            if (problems() == before) report(error(m, path, expected));
            return null;
        }
        Path certificate = field(f, "certificate", path, this::existingFile);
        Path key = field(f, "key", path, this::existingFile);
        Path keystore = field(f, "keystore", path, this::existingFile);
        Secret password = field(f, "keystore_password", path, (v, p) -> secret(v, p, true));
        if (pem && store) {
            String both = "give either certificate and key, or keystore and keystore_password, not both";
            keyProblem(f, f.containsKey("keystore") ? "keystore" : "keystore_password", path, both);
        } else if (pem) {
            if (!f.containsKey("certificate")) missing(m, path, "certificate", "key needs its certificate");
            if (!f.containsKey("key")) missing(m, path, "key", "certificate needs its private key");
        } else {
            if (!f.containsKey("keystore")) missing(m, path, "keystore", "keystore_password needs a keystore");
            if (!f.containsKey("keystore_password")) {
                missing(m, path, "keystore_password", "keystore needs its password (it may be \"\")");
            }
        }
        if (problems() != before) return null;
        return pem ? new Tls.Pem(certificate, key) : new Tls.Keystore(keystore, password);
    }

    private Upstream upstream(Node n, String path) throws ConfigException {
        MappingNode m = mapping(n, path);
        int before = problems();
        Map<String, NodeTuple> f = fields(m, path, UPSTREAM_KEYS);
        for (String key : List.of("url", "user", "password")) {
            if (!f.containsKey(key)) missing(m, path, key);
        }
        String url = field(f, "url", path, this::url);
        String user = field(f, "user", path, this::plainName);
        Secret password = field(f, "password", path, (v, p) -> secret(v, p, true));
        Integer pool = field(f, "pool_size", path, (v, p) -> integer(v, p, 1, Upstream.MAX_POOL_SIZE));
        Duration timeout = field(f, "connect_timeout", path, (v, p) -> duration(v, p, Duration.ofHours(1)));
        if (problems() != before) return null;
        return new Upstream(url, user, password, pool != null ? pool : Upstream.DEFAULT_POOL_SIZE,
                timeout != null ? timeout : Upstream.DEFAULT_CONNECT_TIMEOUT);
    }

    private Identity identity(Node n, String path) throws ConfigException {
        MappingNode m = mapping(n, path);
        int before = problems();
        Map<String, NodeTuple> f = fields(m, path, IDENTITY_KEYS);
        List<StaticToken> tokens = new ArrayList<>();
        NodeTuple t = f.get("static_tokens");
        if (t != null) {
            Map<String, String> seen = new HashMap<>();
            entries(t.getValueNode(), join(path, "static_tokens"), (v, p) -> staticToken(v, p, seen), tokens);
        }
        if (problems() != before) return null;
        return new Identity(tokens);
    }

    private StaticToken staticToken(Node n, String path, Map<String, String> seen) throws ConfigException {
        MappingNode m = mapping(n, path);
        int before = problems();
        Map<String, NodeTuple> f = fields(m, path, TOKEN_KEYS);
        for (String key : List.of("token_sha256", "user")) {
            if (!f.containsKey(key)) missing(m, path, key);
        }
        String hash = field(f, "token_sha256", path, this::tokenHash);
        String user = field(f, "user", path, this::plainName);
        List<String> groups = field(f, "groups", path, this::groups);
        if (hash != null) {
            Node at = f.get("token_sha256").getValueNode();
            String earlier = seen.putIfAbsent(hash, path + " (line " + line(at) + ")");
            if (earlier != null) {
                report(error(at, join(path, "token_sha256"), "the same token hash as " + earlier
                        + "; each static token must be different"));
            }
        }
        if (problems() != before) return null;
        return new StaticToken(hash, user, groups != null ? groups : List.of());
    }

    private Sessions sessions(Node n, String path) throws ConfigException {
        MappingNode m = mapping(n, path);
        int before = problems();
        Map<String, NodeTuple> f = fields(m, path, SESSIONS_KEYS);
        Duration idle = field(f, "idle_timeout", path, (v, p) -> duration(v, p, null));
        Integer max = field(f, "max_sessions", path, (v, p) -> integer(v, p, 1, Sessions.MAX_MAX_SESSIONS));
        if (problems() != before) return null;
        return new Sessions(idle != null ? idle : Sessions.DEFAULT_IDLE_TIMEOUT,
                max != null ? max : Sessions.DEFAULT_MAX_SESSIONS);
    }

    private Masking masking(Node n, String path) throws ConfigException {
        MappingNode m = mapping(n, path);
        int before = problems();
        Map<String, NodeTuple> f = fields(m, path, MASKING_KEYS);
        Secret key = field(f, "hash_key", path, (v, p) -> secret(v, p, false));
        if (problems() != before) return null;
        return new Masking(key);
    }

    // ---- values (each throws the first problem it finds)

    /** {@code host:port} or {@code [ipv6]:port}. */
    private Listen listen(Node n, String path) throws ConfigException {
        String text = plain(n, path);
        String expected = "; expected host:port, e.g. 127.0.0.1:7443, [::1]:7443 or 0.0.0.0:7443";
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) throw error(n, path, "bad listen address " + quote(text) + expected);
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!IPV6_CHARS.matcher(host).matches() || host.indexOf(':') < 0 || !ipv6(host)) {
                throw error(n, path, quote(host) + " is not an IPv6 address" + expected);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw error(n, path, "bad listen address " + quote(text) + "; the port is missing" + expected);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw error(n, path, "bad listen address " + quote(text) + "; write an IPv6 address in brackets, "
                        + "e.g. [::1]:7443");
            }
            if (host.isEmpty()) {
                throw error(n, path, "bad listen address " + quote(text) + "; the host is missing (0.0.0.0 listens "
                        + "on every IPv4 interface)");
            }
            boolean valid = IPV4_LIKE.matcher(host).matches() ? IPV4.matcher(host).matches()
                    : host.length() <= 253 && HOST_NAME.matcher(host).matches();
            if (!valid) throw error(n, path, quote(host) + " is not a host name or IP address" + expected);
        }
        if (!DIGITS.matcher(port).matches() || port.length() > 5 || Integer.parseInt(port) > 65535) {
            throw error(n, path, "bad port " + quote(port) + "; expected 0 to 65535 (0: any free port)");
        }
        return new Listen(host, Integer.parseInt(port));
    }

    /** Whether {@code text} (digits, hex letters, colons and dots only) is an IPv6 literal; no name lookup. */
    private static boolean ipv6(String text) {
        try {
            // A text with a colon is parsed as an IPv6 literal, never looked up.
            return InetAddress.getByName("[" + text + "]") != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A JDBC URL for MySQL or MariaDB. Never quoted whole in a message: it could hold a password. */
    private String url(Node n, String path) throws ConfigException {
        String text = plain(n, path);
        String lower = text.toLowerCase(Locale.ROOT);
        if (URL_CREDENTIAL.matcher(lower).find() || authority(text).indexOf('@') >= 0) {
            throw error(n, path, "the URL must not hold a user or password; give them as upstream.user and "
                    + "upstream.password");
        }
        if (text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw error(n, path, "the URL holds whitespace or control characters");
        }
        for (String prefix : URL_PREFIXES) {
            if (text.startsWith(prefix)) {
                if (text.length() == prefix.length()) throw error(n, path, "the URL names no host");
                return text;
            }
        }
        int scheme = text.indexOf("://");
        String found = scheme > 0 && text.substring(0, scheme).matches("[A-Za-z0-9:+.-]{1,40}")
                ? ", found " + quote(text.substring(0, scheme + 3)) : "";
        throw error(n, path, "expected a URL starting with jdbc:mysql:// or jdbc:mariadb://" + found);
    }

    /** The part of a URL between {@code //} and the next {@code /} or {@code ?}. */
    private static String authority(String url) {
        int start = url.indexOf("//");
        if (start < 0) return "";
        int end = start + 2;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') end++;
        return url.substring(start + 2, end);
    }

    /** 64 hex digits, returned in lower case. Never quoted: a token pasted here by mistake must not be shown. */
    private String tokenHash(Node n, String path) throws ConfigException {
        String text = plain(n, path);
        if (!HEX64.matcher(text).matches()) {
            throw error(n, path, "expected 64 hex digits, the SHA-256 of the token, found " + text.length()
                    + " characters" + (text.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? ""
                    : " that are not all hex digits"));
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** A list of group names, in order without repeats; an empty value is an empty list. */
    private List<String> groups(Node n, String path) throws ConfigException {
        if (isNull(n)) return List.of();
        return List.copyOf(new LinkedHashSet<>(each(n, path, this::plainName, true)));
    }

    /** A path to a readable regular file, resolved against the configuration's directory. */
    private Path existingFile(Node n, String path) throws ConfigException {
        Path p = resolve(n, path, plain(n, path));
        if (!Files.exists(p)) throw error(n, path, "file " + p + " does not exist");
        if (!Files.isRegularFile(p)) throw error(n, path, p + " is not a regular file");
        if (!Files.isReadable(p)) throw error(n, path, "file " + p + " is not readable");
        return p;
    }

    private Path resolve(Node n, String path, String text) throws ConfigException {
        try {
            return baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw error(n, path, "bad path " + quote(text) + ": " + e.getReason());
        }
    }

    /**
     * A secret: written out (no {@code ${}), or exactly {@code ${env:NAME}} or {@code ${file:PATH}}. The value is
     * never put into a message; names of variables and paths of files are.
     */
    private Secret secret(Node n, String path, boolean mayBeEmpty) throws ConfigException {
        ScalarNode s = scalar(n, path);
        if (s.getTag().equals(Tag.NULL)) {
            throw error(n, path, "missing value; write \"\" for an empty value, or ${env:NAME} or ${file:PATH}");
        }
        String text = s.getValue();
        Secret secret;
        if (text.startsWith("${") && text.endsWith("}") && text.indexOf("${", 2) < 0) {
            secret = substitute(n, path, text.substring(2, text.length() - 1));
        } else if (text.contains("${")) {
            throw error(n, path, "a secret is either written out without ${ or is exactly ${env:NAME} or "
                    + "${file:PATH} (substitution applies to whole values only)");
        } else {
            secret = Secret.inline(text);
        }
        if (!mayBeEmpty && secret.isEmpty()) {
            throw error(n, path, "empty value (from " + secret.origin() + "); give a long random key");
        }
        return secret;
    }

    private Secret substitute(Node n, String path, String inner) throws ConfigException {
        String usage = "expected ${env:NAME} or ${file:PATH}";
        int colon = inner.indexOf(':');
        if (colon < 0) throw error(n, path, "bad substitution; " + usage);
        String scheme = inner.substring(0, colon);
        String argument = inner.substring(colon + 1);
        switch (scheme) {
            case "env" -> {
                if (!ENV_NAME.matcher(argument).matches()) {
                    throw error(n, path, "bad environment variable name; expected letters, digits and _, "
                            + "not starting with a digit");
                }
                String value = environment.get(argument);
                if (value == null) throw error(n, path, "environment variable " + argument + " is not set");
                return Secret.fromEnvironment(argument, value);
            }
            case "file" -> {
                if (argument.isEmpty()) throw error(n, path, "${file:} names no file; " + usage);
                Path file = resolve(n, path, argument);
                return Secret.fromFile(file.toString(), readSecretFile(n, path, file));
            }
            // The scheme is not quoted: a written-out secret could look like ${word:...}.
            default -> throw error(n, path, "unknown substitution; " + usage);
        }
    }

    /** The file's UTF-8 text without one trailing line break ({@code \n} or {@code \r\n}). */
    private String readSecretFile(Node n, String path, Path file) throws ConfigException {
        String cannot = "cannot read secret file " + file + ": ";
        if (!Files.exists(file)) throw error(n, path, cannot + "no such file");
        if (!Files.isRegularFile(file)) throw error(n, path, cannot + "not a regular file");
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_SECRET_FILE + 1);
        } catch (IOException e) {
            throw error(n, path, cannot + ioReason(e));
        }
        if (bytes.length > MAX_SECRET_FILE) throw error(n, path, cannot + "larger than 64 KiB");
        String text;
        try {
            text = utf8(bytes);
        } catch (CharacterCodingException e) {
            throw error(n, path, cannot + "not valid UTF-8");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        if (text.endsWith("\r\n")) return text.substring(0, text.length() - 2);
        if (text.endsWith("\n")) return text.substring(0, text.length() - 1);
        return text;
    }

    /** An integer from {@code min} to {@code max}; any other value, however long, is out of range. */
    private Integer integer(Node n, String path, int min, int max) throws ConfigException {
        String text = plain(n, path);
        String expected = "an integer from " + min + " to " + max;
        if (text.length() <= 10) {
            long v = integer(n, path, expected);
            if (v >= min && v <= max) return (int) v;
        }
        throw error(n, path, "expected " + expected + ", found " + quote(text));
    }

    /** A positive duration: an integer followed by ms, s, m or h; at most {@code max} when given. */
    private Duration duration(Node n, String path, Duration max) throws ConfigException {
        String text = plain(n, path);
        Duration d = duration(n, path);
        if (max != null && d.compareTo(max) > 0) {
            throw error(n, path, "duration " + quote(text) + " is longer than the limit of 1h");
        }
        return d;
    }

    /** A name (see {@link YamlReader#name}) that is also {@link #plain}. */
    private String plainName(Node n, String path) throws ConfigException {
        plain(n, path);
        return name(n, path);
    }

    /** A non-secret scalar's text: present, non-empty and without {@code ${}. */
    private String plain(Node n, String path) throws ConfigException {
        if (isNull(n)) throw error(n, path, "missing value");
        String text = text(n, path);
        if (text.contains("${")) throw error(n, path, SUBSTITUTION_ONLY_FOR_SECRETS);
        return text;
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static String ioReason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
