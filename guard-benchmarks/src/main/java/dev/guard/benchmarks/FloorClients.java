package dev.guard.benchmarks;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;

/** Two HTTP/2 clients of the {@link FloorServer}: point query by id, answer read whole. */
final class FloorClients {

    /** One point query over HTTP/2; returns the answer's length. */
    interface Client extends AutoCloseable {
        int query(long id) throws Exception;

        @Override
        void close() throws Exception;
    }

    private FloorClients() {
    }

    private static byte[] body(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }

    /** The JDK HttpClient set up as the jdbc:guard: driver sets it up (h2c by upgrade, then POSTs). */
    static Client jdk(int port) throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "floor-jdk");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).executor(threads).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        HttpResponse<byte[]> hello = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (hello.version() != HttpClient.Version.HTTP_2) {
            throw new IllegalStateException("the floor server answered over " + hello.version());
        }
        return new Client() {
            @Override
            public int query(long id) throws Exception {
                HttpRequest r = HttpRequest.newBuilder(uri).header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body(id))).build();
                HttpResponse<InputStream> response = http.send(r, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    int length = in.readAllBytes().length;
                    if (response.statusCode() != 200) { // a failure must not pass for a fast answer
                        throw new IllegalStateException("the floor server answered " + response.statusCode());
                    }
                    return length;
                }
            }

            @Override
            public void close() {
                http.close();
                threads.shutdownNow();
            }
        };
    }

    /** Jetty's low-level HTTP/2 client, by prior knowledge: the leanest Java HTTP/2 client we measured. */
    static Client jetty(int port) throws Exception {
        HTTP2Client h2 = new HTTP2Client();
        h2.start();
        Session session = h2.connect(new InetSocketAddress("127.0.0.1", port), new Session.Listener() { })
                .get(10, TimeUnit.SECONDS);
        HttpURI uri = HttpURI.from("http://127.0.0.1:" + port + "/");
        return new Client() {
            @Override
            public int query(long id) throws Exception {
                MetaData.Request request = new MetaData.Request("POST", uri, HttpVersion.HTTP_2,
                        HttpFields.build().put(HttpHeader.CONTENT_TYPE, "application/octet-stream"));
                CompletableFuture<Integer> done = new CompletableFuture<>();
                Stream.Listener listener = new Stream.Listener() {
                    private int length;

                    @Override
                    public void onHeaders(Stream stream, HeadersFrame frame) {
                        if (frame.getMetaData() instanceof MetaData.Response r && r.getStatus() != 200) {
                            done.completeExceptionally(new IllegalStateException("the floor server answered " + r.getStatus()));
                            return;
                        }
                        if (frame.isEndStream()) {
                            done.complete(length);
                        } else {
                            stream.demand();
                        }
                    }

                    @Override
                    public void onDataAvailable(Stream stream) {
                        Stream.Data data = stream.readData();
                        if (data == null) {
                            stream.demand();
                            return;
                        }
                        length += data.frame().remaining();
                        boolean last = data.frame().isEndStream();
                        data.release();
                        if (last) {
                            done.complete(length);
                        } else {
                            stream.demand();
                        }
                    }

                    @Override
                    public void onReset(Stream stream, ResetFrame frame, Callback callback) {
                        done.completeExceptionally(new IllegalStateException("stream reset: " + frame.getError()));
                        callback.succeeded();
                    }
                };
                Stream stream = session.newStream(new HeadersFrame(request, null, false), listener).get(10, TimeUnit.SECONDS);
                stream.data(new DataFrame(stream.getId(), ByteBuffer.wrap(body(id)), true));
                return done.get(10, TimeUnit.SECONDS);
            }

            @Override
            public void close() throws Exception {
                h2.stop();
            }
        };
    }
}
