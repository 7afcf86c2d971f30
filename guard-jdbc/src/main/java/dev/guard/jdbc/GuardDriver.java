package dev.guard.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:guard:} driver. Registered with {@link DriverManager} through
 * {@code META-INF/services/java.sql.Driver} (and when this class is loaded), so swapping a JDBC
 * URL for {@code jdbc:guard://host:port/schema?tokenFile=/var/run/secrets/token} is enough.
 *
 * <p>URL: {@code jdbc:guard://host[:port][/schema][?name=value&...]}, with percent-encoded
 * values. Properties: {@code token}, {@code tokenFile} (re-read when it changes), or
 * {@code password} as the token; {@code plaintext=true} for cleartext HTTP/2 (h2c);
 * {@code trustStore}, {@code trustStorePassword}, {@code trustStoreType} or
 * {@code serverCertificate} (a PEM file) to trust a private CA; {@code connectTimeout} (ms,
 * default 10000). See docs/reference/jdbc.md.
 */
public final class GuardDriver implements Driver {

    static final String NAME = "Guard JDBC";
    static final String VERSION = loadVersion();
    static final int MAJOR = versionPart(0);
    static final int MINOR = versionPart(1);
    /** Sent when opening a session: the driver's name and version. */
    static final String CLIENT = NAME + " " + VERSION + " (Java " + Runtime.version().feature() + ")";

    private static final GuardDriver REGISTERED = new GuardDriver();

    static {
        try {
            DriverManager.registerDriver(REGISTERED);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public GuardDriver() {
        // for ServiceLoader and DataSource tools
    }

    /** A new session at the URL's server; null when the URL is not a {@code jdbc:guard:} URL (as JDBC asks). */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return GuardConnection.open(ConnectionConfig.parse(url, info));
    }

    @Override
    public boolean acceptsURL(String url) {
        return ConnectionConfig.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo[] out = new DriverPropertyInfo[ConnectionConfig.PROPERTIES.size()];
        for (int i = 0; i < out.length; i++) {
            String name = ConnectionConfig.PROPERTIES.get(i);
            boolean secret = ConnectionConfig.SECRETS.contains(name.toLowerCase(java.util.Locale.ROOT));
            DriverPropertyInfo p = new DriverPropertyInfo(name, secret || info == null ? null : info.getProperty(name));
            p.description = describe(name);
            if (name.equals(ConnectionConfig.PLAINTEXT)) {
                p.choices = new String[] {"false", "true"};
            }
            out[i] = p;
        }
        return out;
    }

    private static String describe(String property) {
        return switch (property) {
            case ConnectionConfig.TOKEN -> "Bearer token proving the caller's identity (OIDC); or use tokenFile";
            case ConnectionConfig.TOKEN_FILE -> "File holding the token, re-read when it changes (Kubernetes projected token)";
            case ConnectionConfig.PLAINTEXT -> "true for cleartext HTTP/2 (h2c); default TLS";
            case ConnectionConfig.TRUST_STORE -> "PKCS12 or JKS trust store for the server's certificate";
            case ConnectionConfig.TRUST_STORE_PASSWORD -> "Password of the trust store";
            case ConnectionConfig.TRUST_STORE_TYPE -> "Type of the trust store (PKCS12, JKS); detected when unset";
            case ConnectionConfig.SERVER_CERTIFICATE -> "PEM file with the certificate (or CA) to trust";
            case ConnectionConfig.CONNECT_TIMEOUT -> "Milliseconds to connect and open the session (default 10000, 0: none)";
            case ConnectionConfig.USER -> "Ignored: the token says who the caller is";
            case ConnectionConfig.PASSWORD -> "Used as the token when neither token nor tokenFile is set";
            default -> "";
        };
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    /** Not fully: no CallableStatement, no scrollable or updatable results. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    /** The driver logs through System.Logger as {@code dev.guard.jdbc}, by default backed by this logger. */
    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.guard.jdbc");
    }

    private static String loadVersion() {
        try (InputStream in = GuardDriver.class.getResourceAsStream("driver.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isEmpty() && !v.startsWith("$")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "0.0.0";
    }

    private static int versionPart(int index) {
        String[] parts = VERSION.split("[.-]");
        try {
            return parts.length > index ? Integer.parseInt(parts[index]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
