package dev.guard.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * A response body buffered in memory up to a limit: a small answer leaves in one HTTP/2 DATA
 * frame that also ends the stream; a large one leaves in chunks as the buffer fills or the
 * statement path flushes (flow control then blocks the writer, which is the backpressure).
 */
final class ResponseStream extends OutputStream {

    private final Response response;
    private final int limit;
    private byte[] buf = new byte[1024];
    private int len;
    private boolean closed;

    ResponseStream(Response response, int limit) {
        this.response = response;
        this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
        ensure(1);
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        if (len + n > limit) {
            send(false);
            if (n > limit) {
                Content.Sink.write(response, false, ByteBuffer.wrap(b, off, n));
                return;
            }
        }
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) throws IOException {
        if (len + n > limit) {
            send(false);
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + n, Math.min(limit, buf.length * 2)));
        }
    }

    /** Sends what is buffered now (rows that should not wait for more). */
    @Override
    public void flush() throws IOException {
        if (len > 0) {
            send(false);
        }
    }

    private void send(boolean last) throws IOException {
        Content.Sink.write(response, last, ByteBuffer.wrap(buf, 0, len));
        len = 0;
    }

    /** Sends the rest and ends the stream, in one frame. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            send(true);
        }
    }
}
