package dev.guard.benchmarks;

import dev.guard.server.http.GatewayServer;
import dev.guard.server.upstream.Upstream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The floor under the gateway's point query: Guard's own Jetty server (same HTTP/2 settings,
 * same virtual threads) and Guard's own upstream pool (same Connector/J settings), with a handler
 * that does nothing but run the point query on its pinned connection and answer the row. No
 * authentication, decision, session lookup, frames or masking: what is left is what HTTP/2 and
 * a second process cost on this host. Run as its own process by {@link GatewayBench}.
 *
 * <p>Arguments: port, upstream JDBC URL, user; the password in GUARD_MYSQL_PASSWORD.
 * {@code POST /} with the 8-byte id answers the row's four columns as text; {@code GET /}
 * answers "ok" (the h2c upgrade).
 */
public final class FloorServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Upstream upstream = new Upstream(args[1], args[2], System.getenv("GUARD_MYSQL_PASSWORD"), 2, Duration.ofSeconds(5));
        Connection pinned = upstream.borrow();
        PreparedStatement ps = pinned.prepareStatement("SELECT id, name, city, score FROM people WHERE id = ?");
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] answer;
                if (request.getMethod().equals("POST")) {
                    byte[] body;
                    try (InputStream in = Content.Source.asInputStream(request)) {
                        body = in.readNBytes(64);
                    }
                    answer = query(ps, ByteBuffer.wrap(body).getLong());
                } else {
                    answer = "ok".getBytes(StandardCharsets.UTF_8);
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                response.write(true, ByteBuffer.wrap(answer), callback);
                return true;
            }
        };
        GatewayServer server = new GatewayServer("127.0.0.1", port, null, null, handler, 1000);
        server.start();
        System.out.println("floor listening on " + server.port());
        server.join();
    }

    private static byte[] query(PreparedStatement ps, long id) throws Exception {
        synchronized (ps) { // one client at a time, as a Guard session is
            ps.setLong(1, id);
            StringBuilder row = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row " + id);
                }
                for (int i = 1; i <= 4; i++) {
                    row.append(rs.getString(i)).append('\t');
                }
            }
            return row.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
