package dev.guard.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.protocol.Frame;
import dev.guard.protocol.FrameReader;
import dev.guard.protocol.Request;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol itself, spoken with the JDK HttpClient over real h2c: what a client other than
 * the driver sees, including malformed requests and bad credentials.
 */
class RawProtocolIT {

    static GatewayFixture fx;
    static HttpClient http;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        fx = new GatewayFixture();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        base = "http://127.0.0.1:" + fx.gateway.port();
        HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    static List<Frame> post(String path, String token, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        List<Frame> frames = new ArrayList<>();
        try (InputStream in = r.body()) {
            FrameReader reader = new FrameReader(in);
            for (Frame f; (f = reader.next()) != null; ) {
                frames.add(f);
            }
        }
        return frames;
    }

    static String open(String user, String schema) throws Exception {
        List<Frame> f = post("/v1/sessions", ContractFixture.tokenOf(user), new Request.Open(fx.contract.schema(schema), "test").encode());
        assertThat(f).hasSize(1).first().isInstanceOf(Frame.Session.class);
        return ((Frame.Session) f.get(0)).sessionId();
    }

    static Request.Execute sql(String sql) {
        return new Request.Execute(fx.contract.map(sql), List.of(), List.of(), List.of(), 0, false, 0, 0, 0);
    }

    @Test
    void healthReflectsTheDatabaseAndStoppingRollsSessionsBack() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 3306)) {
            var settings = GatewayFixture.settings(fx.contract, "jdbc:mysql://127.0.0.1:" + proxy.port() + "/", java.time.Duration.ofMinutes(1));
            var gw = dev.guard.server.Gateway.start(settings);
            String local = "http://127.0.0.1:" + gw.port();
            try {
                assertThat(health(local)).isEqualTo(200);
                proxy.down();
                assertThat(health(local)).isEqualTo(503);
                proxy.up();
                assertThat(eventuallyHealthy(local)).isEqualTo(200);

                // An open transaction when the gateway stops is rolled back, not committed.
                String token = ContractFixture.tokenOf("alice");
                HttpClient h = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
                h.send(HttpRequest.newBuilder(URI.create(local + "/v1/hello")).build(), HttpResponse.BodyHandlers.ofString());
                List<Frame> opened = send(h, local + "/v1/sessions", token,
                        new Request.Open(fx.contract.schema("staging"), "test").encode());
                assertThat(opened.get(0)).as("a session opens right after the outage").isInstanceOf(Frame.Session.class);
                String s = ((Frame.Session) opened.get(0)).sessionId();
                send(h, local + "/v1/sessions/" + s + "/control", token, new Request.Control(Request.Control.AUTO_COMMIT, 0, null).encode());
                List<Frame> ins = send(h, local + "/v1/sessions/" + s + "/execute", token,
                        sql("INSERT INTO report_rows (report) VALUES ('stopped-mid-transaction')").encode());
                assertThat(((Frame.End) ins.get(0)).updateCount()).isEqualTo(1);
            } finally {
                gw.close();
            }
            try (var c = Database.admin(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT COUNT(*) FROM " + fx.contract.schema("staging")
                         + ".report_rows WHERE report = 'stopped-mid-transaction'")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    /** After an outage the pool first drops its dead connections: health comes back within seconds. */
    static int eventuallyHealthy(String base) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int status;
        while ((status = health(base)) != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return status;
    }

    static int health(String base) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static List<Frame> send(HttpClient h, String url, String token, byte[] body) throws Exception {
        HttpResponse<InputStream> r = h.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        List<Frame> frames = new ArrayList<>();
        try (InputStream in = r.body()) {
            FrameReader reader = new FrameReader(in);
            for (Frame f; (f = reader.next()) != null; ) {
                frames.add(f);
            }
        }
        return frames;
    }

    @Test
    void aSelectIsAllowedAndItsPersonalDataMasked() throws Exception {
        String s = open("ingest-bot", "shop");
        List<Frame> f = post("/v1/sessions/" + s + "/execute", ContractFixture.tokenOf("ingest-bot"),
                sql("SELECT id, name, email, phone FROM customers ORDER BY id").encode());
        Frame.Header h = (Frame.Header) f.get(0);
        assertThat(h.columns().get(2).maskRule()).isEqualTo("mask-email");
        assertThat(h.columns().get(3).maskMethod()).isEqualTo("partial");
        Frame.Rows rows = (Frame.Rows) f.get(1);
        assertThat(rows.rows().get(0)).containsExactly(1L, "Jane Doe", "****@example.com", "******00");
        assertThat(rows.rows().get(2)[3]).isNull();
        assertThat(f.get(f.size() - 1)).isInstanceOf(Frame.End.class);
    }

    @Test
    void aDropIsRefusedNamingTheRule() throws Exception {
        String s = open("ingest-bot", "shop");
        List<Frame> f = post("/v1/sessions/" + s + "/execute", ContractFixture.tokenOf("ingest-bot"),
                sql("DROP TABLE shop.orders").encode());
        Frame.Error e = (Frame.Error) f.get(0);
        assertThat(e.kind()).isEqualTo(Frame.Error.DENIED);
        assertThat(e.sqlState()).isEqualTo("42000");
        assertThat(e.rule()).isEqualTo("agents-no-ddl");
        assertThat(e.message()).contains("agents-no-ddl");
    }

    @Test
    void aWrongTokenIsRefusedWith28000() throws Exception {
        List<Frame> f = post("/v1/sessions", "not-a-token", new Request.Open(null, "test").encode());
        Frame.Error e = (Frame.Error) f.get(0);
        assertThat(e.kind()).isEqualTo(Frame.Error.AUTHENTICATION);
        assertThat(e.sqlState()).isEqualTo("28000");
        assertThat(e.message()).doesNotContain("not-a-token");
    }

    @Test
    void malformedAndUnknownRequestsGetClearErrorsAndTheServerKeepsServing() throws Exception {
        String s = open("ingest-bot", "shop");
        String token = ContractFixture.tokenOf("ingest-bot");
        Frame.Error garbage = (Frame.Error) post("/v1/sessions/" + s + "/execute", token, new byte[] {1, (byte) 0xFF, 0x7F}).get(0);
        assertThat(garbage.kind()).isEqualTo(Frame.Error.BAD_REQUEST);
        Frame.Error version = (Frame.Error) post("/v1/sessions/" + s + "/execute", token, new byte[] {9}).get(0);
        assertThat(version.message()).contains("version");
        Frame.Error unknown = (Frame.Error) post("/v1/sessions/nope/execute", token, sql("SELECT 1").encode()).get(0);
        assertThat(unknown.kind()).isEqualTo(Frame.Error.SESSION);
        Frame.Error other = (Frame.Error) post("/v1/sessions/" + s + "/execute", ContractFixture.tokenOf("alice"),
                sql("SELECT 1").encode()).get(0);
        assertThat(other.kind()).isEqualTo(Frame.Error.SESSION);
        Frame.Error huge = (Frame.Error) post("/v1/sessions/" + s + "/execute", token,
                sql("SELECT '" + "x".repeat(1_100_000) + "'").encode()).get(0);
        assertThat(huge.sqlState()).isEqualTo("42000");
        List<Frame> fine = post("/v1/sessions/" + s + "/execute", token, sql("SELECT 1").encode());
        assertThat(fine.get(fine.size() - 1)).isInstanceOf(Frame.End.class);
    }
}
