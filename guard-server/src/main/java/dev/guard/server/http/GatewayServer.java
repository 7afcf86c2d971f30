package dev.guard.server.http;

import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.util.concurrent.Executors;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty 12 server: HTTP/2 over TLS (ALPN h2) when given a key store, cleartext HTTP/2
 * otherwise (h2c by prior knowledge or by upgrade from HTTP/1.1, which is how the JDK client
 * reaches it). Built unstarted; requests run on virtual threads.
 */
public final class GatewayServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param keyStore  the server's key and certificate chain for TLS, or null for cleartext
     * @param keyPassword the key store's password (TLS only)
     */
    public GatewayServer(String host, int port, KeyStore keyStore, char[] keyPassword, Handler handler,
                         long stopTimeoutMillis) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("guard-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        if (keyStore == null) {
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
            configure(h2c);
            connector = new ServerConnector(server, http11, h2c);
        } else {
            http.addCustomizer(new SecureRequestCustomizer());
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keyStore);
            ssl.setKeyStorePassword(new String(keyPassword));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
            configure(h2);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
            alpn.setDefaultProtocol(http11.getProtocol());
            SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());
            connector = new ServerConnector(server, tls, alpn, h2, http11);
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(300_000);
        server.addConnector(connector);
        server.setHandler(handler);
        org.eclipse.jetty.server.handler.ErrorHandler errors = new org.eclipse.jetty.server.handler.ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        server.setStopTimeout(stopTimeoutMillis);
    }

    /**
     * Jetty's default HTTP/2 rate control (a flood guard) allows 50 suspicious frames a second
     * per connection; an agent running thousands of short statements on one connection stays
     * far below a flood but above that, and would be cut off. Keep the guard, at a gateway's rate.
     */
    static final int MAX_CONTROL_FRAMES_PER_SECOND = 20_000;

    private static void configure(HTTP2ServerConnectionFactory h2) {
        h2.setRateControlFactory(new org.eclipse.jetty.io.WindowRateControl.Factory(MAX_CONTROL_FRAMES_PER_SECOND));
        h2.setMaxConcurrentStreams(1024);
        h2.setInitialStreamRecvWindow(1024 * 1024);
        h2.setInitialSessionRecvWindow(8 * 1024 * 1024);
        h2.setMaxFrameSize(64 * 1024);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The bound address (the real port when configured with port 0). */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), connector.getLocalPort());
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, lets running requests finish within the stop timeout, then closes. */
    @Override
    public void close() throws Exception {
        server.stop();
    }

    public void join() throws InterruptedException {
        server.join();
    }
}
