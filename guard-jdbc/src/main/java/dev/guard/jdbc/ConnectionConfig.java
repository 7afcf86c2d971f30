package dev.guard.jdbc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@code jdbc:guard://host[:port][/schema][?name=value&...]} URL and connection properties,
 * validated. Properties in the URL override those passed to {@code connect}. Secrets (the token,
 * a password, the trust store's password) never appear in {@link #toString()}, {@link #safeUrl()}
 * or in any error message.
 */
record ConnectionConfig(String host, int port, String schema, boolean plaintext, TokenSource token,
                        Trust trust, int connectTimeoutMillis, String safeUrl) {

    static final String PREFIX = "jdbc:guard:";

    static final String TOKEN = "token";
    static final String TOKEN_FILE = "tokenFile";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String PLAINTEXT = "plaintext";
    static final String TRUST_STORE = "trustStore";
    static final String TRUST_STORE_PASSWORD = "trustStorePassword";
    static final String TRUST_STORE_TYPE = "trustStoreType";
    static final String SERVER_CERTIFICATE = "serverCertificate";
    static final String CONNECT_TIMEOUT = "connectTimeout";

    /** Every property the driver reads, in the order {@code getPropertyInfo} lists them. */
    static final List<String> PROPERTIES = List.of(TOKEN, TOKEN_FILE, PLAINTEXT, TRUST_STORE, TRUST_STORE_PASSWORD,
            TRUST_STORE_TYPE, SERVER_CERTIFICATE, CONNECT_TIMEOUT, USER, PASSWORD);

    static final Set<String> SECRETS = Set.of(TOKEN.toLowerCase(Locale.ROOT), PASSWORD,
            TRUST_STORE_PASSWORD.toLowerCase(Locale.ROOT));

    static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;

    private static final System.Logger LOG = System.getLogger("dev.guard.jdbc");

    /** How to trust the server's certificate: the JDK's default trust when both paths are null. */
    record Trust(Path trustStore, String trustStorePassword, String trustStoreType, Path serverCertificate) {
        boolean isDefault() {
            return trustStore == null && serverCertificate == null;
        }

        @Override
        public String toString() {
            return "Trust[trustStore=" + trustStore + ", trustStorePassword=" + (trustStorePassword == null ? "none" : "***")
                    + ", trustStoreType=" + trustStoreType + ", serverCertificate=" + serverCertificate + "]";
        }
    }

    static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /** Parses and validates; every failure is SQLState 08001 with a message that shows no secret. */
    static ConnectionConfig parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw invalid(url, "it does not start with " + PREFIX);
        }
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            throw invalid(url, "expected jdbc:guard://host:port/schema");
        }
        rest = rest.substring(2);
        int query = rest.indexOf('?');
        String queryPart = query < 0 ? null : rest.substring(query + 1);
        String hostPath = query < 0 ? rest : rest.substring(0, query);
        int slash = hostPath.indexOf('/');
        String authority = slash < 0 ? hostPath : hostPath.substring(0, slash);
        String path = slash < 0 ? "" : hostPath.substring(slash + 1);

        if (authority.indexOf('@') >= 0) {
            throw invalid(url, "credentials do not belong in the host part; pass a token with the token or tokenFile property");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(url, "an IPv6 address lacks its closing ]");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(url, "unexpected text after the IPv6 address");
                }
                portText = after.substring(1);
            }
            if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw invalid(url, "the IPv6 address is malformed");
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
            if (host.isEmpty()) {
                throw invalid(url, "the host is missing");
            }
            if (!host.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_')) {
                throw invalid(url, "the host may hold only letters, digits, '.', '-' and '_'");
            }
        }

        String schema = null;
        if (!path.isEmpty()) {
            if (path.indexOf('/') >= 0) {
                throw invalid(url, "the path holds more than a schema name");
            }
            schema = decode(url, path);
        }

        Map<String, String> props = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                props.put(name, info.getProperty(name));
            }
        }
        if (queryPart != null && !queryPart.isEmpty()) {
            for (String pair : queryPart.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(url, eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(url, pair.substring(eq + 1));
                props.put(name, value);
            }
        }
        for (String name : props.keySet()) {
            if (PROPERTIES.stream().noneMatch(p -> p.equalsIgnoreCase(name))) {
                LOG.log(System.Logger.Level.DEBUG, "ignoring unknown connection property {0}", name);
            }
        }

        boolean plaintext = bool(url, props, PLAINTEXT);
        int port = plaintext ? 80 : 443;
        if (portText != null) {
            port = integer(url, "port", portText, 1, 65_535);
        }
        int connectTimeout = DEFAULT_CONNECT_TIMEOUT_MILLIS;
        String timeoutText = blankToNull(props.get(CONNECT_TIMEOUT));
        if (timeoutText != null) {
            connectTimeout = integer(url, CONNECT_TIMEOUT, timeoutText, 0, Integer.MAX_VALUE);
        }

        Trust trust = new Trust(path(url, props, TRUST_STORE), blankToNull(props.get(TRUST_STORE_PASSWORD)),
                blankToNull(props.get(TRUST_STORE_TYPE)), path(url, props, SERVER_CERTIFICATE));
        if (trust.trustStore() != null && trust.serverCertificate() != null) {
            throw invalid(url, "set trustStore or serverCertificate, not both");
        }

        TokenSource token;
        String literal = blankToNull(props.get(TOKEN));
        Path tokenFile = path(url, props, TOKEN_FILE);
        if (literal != null && tokenFile != null) {
            throw invalid(url, "set token or tokenFile, not both");
        } else if (literal != null) {
            token = TokenSource.literal(literal);
        } else if (tokenFile != null) {
            token = TokenSource.file(tokenFile);
        } else if (blankToNull(props.get(PASSWORD)) != null) {
            token = TokenSource.literal(props.get(PASSWORD).strip());
        } else {
            throw new SQLInvalidAuthorizationSpecException(
                    "no credential for Guard: set the token or tokenFile property (or pass the token as the password)",
                    "28000");
        }
        return new ConnectionConfig(host, port, schema, plaintext, token, trust, connectTimeout, redact(url));
    }

    /** host:port as shown in messages (IPv6 in brackets). */
    String where() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "ConnectionConfig[" + safeUrl + ", plaintext=" + plaintext + ", token=" + token + ", " + trust
                + ", connectTimeoutMillis=" + connectTimeoutMillis + "]";
    }

    /** The URL with its secret properties left out (for getURL, messages and logs). */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        int authority = url.indexOf("//");
        if (authority >= 0) {
            int end = authority + 2;
            while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
                end++;
            }
            int at = url.lastIndexOf('@', end - 1);
            if (at > authority) {
                url = url.substring(0, authority + 2) + "***" + url.substring(at);
            }
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        StringBuilder b = new StringBuilder(url.substring(0, query));
        char sep = '?';
        for (String pair : url.substring(query + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decodeOrNull(eq < 0 ? pair : pair.substring(0, eq));
            if (pair.isEmpty() || name == null || SECRETS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            b.append(sep).append(pair);
            sep = '&';
        }
        return b.toString();
    }

    private static SQLException invalid(String url, String why) {
        return new SQLNonTransientConnectionException("invalid Guard URL " + redact(url) + ": " + why, "08001");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static boolean bool(String url, Map<String, String> props, String name) throws SQLException {
        String v = blankToNull(props.get(name));
        if (v == null) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(url, name + " must be true or false");
    }

    private static int integer(String url, String name, String text, int min, int max) throws SQLException {
        try {
            long v = Long.parseLong(text.strip());
            if (v >= min && v <= max) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(url, name + " must be a whole number from " + min + " to " + max);
    }

    private static Path path(String url, Map<String, String> props, String name) throws SQLException {
        String v = blankToNull(props.get(name));
        if (v == null) {
            return null;
        }
        try {
            return Path.of(v.strip());
        } catch (InvalidPathException e) {
            throw invalid(url, name + " is not a valid file path");
        }
    }

    /** Percent-decoding as in URIs; unlike form decoding, '+' stays '+' (tokens may hold it). */
    private static String decode(String url, String s) throws SQLException {
        String decoded = decodeOrNull(s);
        if (decoded == null) {
            throw invalid(url, "a %-escape is malformed");
        }
        return decoded;
    }

    private static String decodeOrNull(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
