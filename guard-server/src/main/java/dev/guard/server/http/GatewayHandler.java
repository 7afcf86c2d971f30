package dev.guard.server.http;

import dev.guard.policy.Caller;
import dev.guard.protocol.ColumnInfo;
import dev.guard.protocol.Frame;
import dev.guard.protocol.FrameWriter;
import dev.guard.protocol.ProtocolException;
import dev.guard.protocol.Request;
import dev.guard.protocol.WireWriter;
import dev.guard.server.exec.Failures;
import dev.guard.server.exec.StatementService;
import dev.guard.server.identity.Authenticator;
import dev.guard.server.session.GuardSession;
import dev.guard.server.session.SessionManager;
import dev.guard.server.upstream.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guard's HTTP/2 endpoints (see docs/reference/protocol.md): authenticates each request, finds
 * its session, hands the statement path its request and a frame sink, and streams the answer.
 * Runs on virtual threads, so a blocked write (HTTP/2 flow control) simply parks the request.
 */
public final class GatewayHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    static final String CONTENT_TYPE = "application/vnd.guard.v1";

    private final Authenticator authenticator;
    private final SessionManager sessions;
    private final StatementService statements;
    private final Upstream upstream;
    private final int maxRequestBytes;
    private volatile boolean stopping;

    public GatewayHandler(Authenticator authenticator, SessionManager sessions, StatementService statements,
                          Upstream upstream, int maxRequestBytes) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.statements = statements;
        this.upstream = upstream;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** From now on every request but the health check is refused as unavailable (the gateway is stopping). */
    public void refuseNewRequests() {
        stopping = true;
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request request, Response response, Callback callback) {
        Reply reply = new Reply(response);
        try {
            route(request, reply);
            reply.close();
            callback.succeeded();
        } catch (IOException e) {
            // The caller went away or reset the stream; the statement was cancelled.
            callback.failed(e);
        } catch (RuntimeException e) {
            LOG.error("request {} {} failed", request.getMethod(), org.eclipse.jetty.server.Request.getPathInContext(request), e);
            // A bug of Guard's: say so without details, if nothing has been sent yet.
            if (!response.isCommitted()) {
                try {
                    response.reset();
                    reply = new Reply(response);
                    reply.frames(500).error(Failures.internal());
                    reply.close();
                    callback.succeeded();
                    return true;
                } catch (IOException | RuntimeException ignored) {
                    // fall through to failing the request
                }
            }
            callback.failed(new IOException("internal error"));
        }
        return true;
    }

    private void route(org.eclipse.jetty.server.Request request, Reply response) throws IOException {
        String path = org.eclipse.jetty.server.Request.getPathInContext(request);
        String method = request.getMethod();
        if (path.equals("/healthz") && method.equals("GET")) {
            boolean up = !stopping && upstream.reachable(); // a stopping gateway is not ready
            text(response, up ? 200 : 503, up ? "ok\n" : "unavailable\n");
            return;
        }
        if (path.equals("/v1/hello") && method.equals("GET")) {
            text(response, 200, "guard " + Request.VERSION + "\n");
            return;
        }
        if (stopping) {
            frames(response, 503).error(Failures.unavailable(
                    "Guard is stopping; reconnect (to another instance if there is one) and run the statement again"));
            return;
        }
        if (!path.startsWith("/v1/sessions")) {
            frames(response, 404).error(Failures.badRequest("no such endpoint: " + method + " " + path));
            return;
        }
        // Read the (bounded) body before any answer: a stream answered with its request unread is reset.
        byte[] body;
        try {
            body = method.equals("POST") ? body(request) : new byte[0];
        } catch (TooLarge e) {
            frames(response, 413).error(Failures.badRequest("the request body is larger than " + maxRequestBytes + " bytes"));
            return;
        }
        Optional<Caller> caller = authenticator.authenticate(bearer(request));
        if (caller.isEmpty()) {
            LOG.info("refused a request to {}: no valid credential", path);
            frames(response, 401).error(Failures.authentication(
                    "Guard did not accept the credential: it is missing, unknown or expired; check the token your connection uses"));
            return;
        }
        String[] parts = path.substring(1).split("/");
        try {
            if (parts.length == 2 && method.equals("POST")) {
                open(caller.get(), body, response);
                return;
            }
            if (parts.length < 3) {
                frames(response, 404).error(Failures.badRequest("no such endpoint: " + method + " " + path));
                return;
            }
            Optional<GuardSession> found = sessions.find(parts[2], caller.get());
            if (found.isEmpty()) {
                frames(response, 404).error(Failures.noSession());
                return;
            }
            GuardSession s = found.get();
            String action = parts.length == 4 ? parts[3] : "";
            if (method.equals("DELETE") && parts.length == 3) {
                statements.close(s);
                frames(response, 200).end(emptyEnd(s));
                return;
            }
            if (!method.equals("POST")) {
                frames(response, 404).error(Failures.badRequest("no such endpoint: " + method + " " + path));
                return;
            }
            if (action.equals("cancel")) {
                statements.cancel(s); // no session lock: the statement to cancel holds it
                frames(response, 200).end(emptyEnd(s));
                return;
            }
            switch (action) {
                case "execute" -> {
                    Request.Execute req = Request.Execute.decode(body);
                    // The caller closing its result resets the stream: stop the query even while it waits on the database,
                    // but only while this request is the session's (a late reset must not stop the next statement).
                    // (On a virtual thread: the listener runs on Jetty's own thread, which must not block.)
                    AtomicBoolean active = new AtomicBoolean(); // true only while this request holds the session
                    request.addFailureListener(failure -> Thread.startVirtualThread(() -> s.cancelIf(active::get)));
                    withSession(s, response, sink -> statements.execute(s, req, sink), active);
                }
                case "control" -> {
                    Request.Control req = Request.Control.decode(body);
                    withSession(s, response, sink -> statements.control(s, req, sink), new AtomicBoolean());
                }
                case "metadata" -> {
                    Request.Metadata req = Request.Metadata.decode(body);
                    withSession(s, response, sink -> statements.metadata(s, req, sink), new AtomicBoolean());
                }
                default -> frames(response, 404).error(Failures.badRequest("no such endpoint: " + method + " " + path));
            }
        } catch (ProtocolException e) {
            frames(response, 400).error(Failures.badRequest("the request does not follow Guard's protocol: " + e.getMessage()));
        }
    }

    private void open(Caller caller, byte[] body, Reply response) throws IOException {
        Request.Open req = Request.Open.decode(body);
        try {
            GuardSession s = statements.open(caller, req.schema());
            Frame.Session info = statements.describe(s);
            frames(response, 200).session(info);
            LOG.info("session {} opened for {} (schema {})", s.id(), caller.user(), req.schema());
        } catch (Failures.Refused e) {
            frames(response, e.error().kind() == Frame.Error.UNAVAILABLE ? 503 : 200).error(e.error());
        }
    }

    private interface Work {
        void run(StatementService.Sink sink) throws IOException;
    }

    /**
     * Runs work holding the session; {@code active} is true from when the session is taken until
     * just before it is let go (a request still waiting for the session must not stop another's).
     */
    private void withSession(GuardSession s, Reply response, Work work, AtomicBoolean active) throws IOException {
        FrameWriter w = frames(response, 200);
        s.enter();
        active.set(true);
        try {
            work.run(new FrameSink(w));
        } catch (IOException e) {
            // The caller reset the stream or went away mid-result: stop the upstream query.
            s.cancel();
            throw e;
        } finally {
            active.set(false);
            s.leave();
        }
    }

    private static Frame.End emptyEnd(GuardSession s) {
        return new Frame.End(-1, new long[0], List.of(), List.of(), false, true, s.schema());
    }

    /** Frames to the response, through a buffer flushed per frame group. */
    private static final class FrameSink implements StatementService.Sink {
        private final FrameWriter w;

        FrameSink(FrameWriter w) {
            this.w = w;
        }

        @Override
        public void header(List<ColumnInfo> columns) throws IOException {
            w.header(new Frame.Header(columns));
        }

        @Override
        public WireWriter row() {
            return w.row();
        }

        @Override
        public int bufferedBytes() {
            return w.bufferedRowBytes();
        }

        @Override
        public void flushRows() throws IOException {
            w.flush();
        }

        @Override
        public void end(Frame.End end) throws IOException {
            w.end(end); // sent with the end of the stream
        }

        @Override
        public void error(Frame.Error error) throws IOException {
            w.error(error);
        }
    }

    /** The response of one request: frames (or text) through one buffered stream, closed at the end. */
    private static final class Reply {
        private final Response response;
        private OutputStream out;
        private FrameWriter frames;

        Reply(Response response) {
            this.response = response;
        }

        FrameWriter frames(int status) {
            if (frames == null) {
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
                out = new ResponseStream(response, 32 * 1024);
                frames = new FrameWriter(out);
            }
            return frames;
        }

        void text(int status, String body) throws IOException {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            out = Content.Sink.asOutputStream(response);
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }

        void close() throws IOException {
            if (frames != null) {
                frames.flushRows(); // into the buffer; close sends it with the end of the stream
            }
            if (out != null) {
                out.close();
            }
        }
    }

    private static FrameWriter frames(Reply reply, int status) {
        return reply.frames(status);
    }

    private static void text(Reply reply, int status, String body) throws IOException {
        reply.text(status, body);
    }

    private static String bearer(org.eclipse.jetty.server.Request request) {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).trim();
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("request body too large", null);
        }
    }

    private byte[] body(org.eclipse.jetty.server.Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes(maxRequestBytes + 1);
            if (b.length > maxRequestBytes) {
                throw new TooLarge();
            }
            return b;
        }
    }
}
