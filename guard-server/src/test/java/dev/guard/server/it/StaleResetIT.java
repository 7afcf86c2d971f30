package dev.guard.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.protocol.Frame;
import dev.guard.protocol.Request;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request that the caller gives up while it still waits for its session (another statement of
 * the session runs) must not stop that other statement: the reset's cancel applies only while
 * the request holds the session. (Found in review: it killed the running statement.)
 */
class StaleResetIT {

    private static Request.Execute execute(String sql) {
        return new Request.Execute(sql, List.of(), List.of(), List.of(), Request.Execute.ANY, false, 0, 0, 0);
    }

    @Test
    void givingUpAWaitingRequestLeavesTheRunningStatementAlone() throws Exception {
        try (GatewayFixture fx = new GatewayFixture()) {
            Gateways.bulkReportRows(fx.contract);
            HttpClient h = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            String base = "http://127.0.0.1:" + fx.gateway.port();
            h.send(HttpRequest.newBuilder(URI.create(base + "/v1/hello")).build(), HttpResponse.BodyHandlers.ofString());
            String token = ContractFixture.tokenOf("alice");
            String session = ((Frame.Session) RawProtocolIT.send(h, base + "/v1/sessions", token,
                    new Request.Open(fx.contract.schema("staging"), "test").encode()).get(0)).sessionId();
            String exec = base + "/v1/sessions/" + session + "/execute";

            CompletableFuture<List<Frame>> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawProtocolIT.send(h, exec, token, execute(DriverStreamingIT.SLOW).encode());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Gateways.running(fx.contract, "report_rows c").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(Gateways.running(fx.contract, "report_rows c")).hasSize(1);

            CompletableFuture<HttpResponse<InputStream>> waiting = h.sendAsync(HttpRequest.newBuilder(URI.create(exec))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(execute("SELECT 1").encode())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Thread.sleep(300); // it reaches the gateway and waits for the session
            assertThat(waiting).isNotDone();
            waiting.cancel(true); // the JDK client resets the stream

            Thread.sleep(1500);
            assertThat(running).isNotDone();
            assertThat(Gateways.running(fx.contract, "report_rows c")).as("the running statement runs on").hasSize(1);

            RawProtocolIT.send(h, base + "/v1/sessions/" + session + "/cancel", token, new byte[0]);
            List<Frame> frames = running.get(10, TimeUnit.SECONDS);
            assertThat(frames.get(frames.size() - 1)).isInstanceOf(Frame.Error.class);
            assertThat(Gateways.stopsRunning(fx.contract, "report_rows c", Duration.ofSeconds(5))).isTrue();
        }
    }
}
