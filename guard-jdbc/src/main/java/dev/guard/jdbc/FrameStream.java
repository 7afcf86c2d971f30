package dev.guard.jdbc;

import dev.guard.protocol.Frame;
import dev.guard.protocol.FrameReader;
import dev.guard.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * One response body, read lazily frame by frame: a result of any size needs no more memory than
 * one frame. Closing it before the end aborts the HTTP/2 stream (RST_STREAM), which is how the
 * server learns that the caller stopped reading.
 */
final class FrameStream implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.guard.jdbc");

    private final InputStream body;
    private final FrameReader reader;
    private final Transport transport;
    private volatile boolean closed;

    FrameStream(InputStream body, Transport transport) {
        this.body = body;
        this.reader = new FrameReader(body);
        this.transport = transport;
    }

    /** The next frame, or null at a clean end of the response. */
    Frame next() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("the response was closed", "08003");
        }
        try {
            return reader.next();
        } catch (ProtocolException e) {
            close();
            throw transport.malformed(e);
        } catch (IOException e) {
            boolean byUs = closed;
            close();
            if (byUs) {
                throw new SQLNonTransientConnectionException("the response was closed while it was read", "08003", e);
            }
            throw transport.failure(e, 0);
        }
    }

    /** The next frame; the response may not end here. */
    Frame require() throws SQLException {
        Frame f = next();
        if (f == null) {
            close();
            throw transport.endedEarly();
        }
        return f;
    }

    /** After the last frame (End or Error): reads to the end of the response, so its stream completes cleanly, and closes. */
    void finish() {
        if (closed) {
            return;
        }
        try {
            if (body.read() >= 0) {
                LOG.log(System.Logger.Level.DEBUG, "Guard at {0} sent bytes after the last frame of a response", transport.where());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "reading the end of a response failed", e);
        }
        close();
    }

    /**
     * Reads, without waiting for more to arrive, at most {@code maxFrames} frames that are
     * already buffered; true when the response ended among them (and is now finished).
     */
    boolean endsWithin(int maxFrames) {
        if (closed) {
            return true;
        }
        try {
            for (int i = 0; i < maxFrames && body.available() > 0; i++) {
                Frame f = reader.next();
                if (f == null || f instanceof Frame.End || f instanceof Frame.Error) {
                    finish();
                    return true;
                }
            }
        } catch (IOException e) {
            close();
            return true;
        }
        return false;
    }

    /** Closes the body; before its end this resets the HTTP/2 stream. Safe from any thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            body.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a response failed", e);
        }
    }

    /** A frame where the protocol allows none of its type. */
    SQLException unexpected(Frame f, String where) {
        close();
        return new SQLNonTransientConnectionException("Guard at " + transport.where() + " sent "
                + (f == null ? "nothing" : f.getClass().getSimpleName()) + " " + where, "08P01");
    }
}
