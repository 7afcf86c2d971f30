package dev.guard.jdbc;

import dev.guard.protocol.Frame;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayDeque;

/**
 * The rows of a result read lazily from its response: one Rows frame at a time, so memory stays
 * flat for any result size. The End frame updates the session state and carries the warnings;
 * an Error frame (also after rows) is raised once the rows before it were read.
 */
final class StreamedRows implements RowSource {

    private final FrameStream stream;
    private final GuardConnection connection;
    private final GuardStatement statement;
    private final long maxRows;
    private final ArrayDeque<Object[]> pending = new ArrayDeque<>();
    private long received;
    private boolean ended;
    private SQLException failure;
    private SQLWarning warnings;

    /**
     * @param statement null for DatabaseMetaData results
     * @param maxRows   the caller's own row limit (0: none), to tell it from the policy's
     */
    StreamedRows(FrameStream stream, GuardConnection connection, GuardStatement statement, long maxRows) {
        this.stream = stream;
        this.connection = connection;
        this.statement = statement;
        this.maxRows = maxRows;
    }

    @Override
    public Object[] next() throws SQLException {
        while (true) {
            Object[] row = pending.pollFirst();
            if (row != null) {
                return row;
            }
            if (failure != null) {
                SQLException f = failure;
                failure = null;
                throw f;
            }
            if (ended) {
                return null;
            }
            readFrame();
        }
    }

    boolean isEnded() {
        return ended;
    }

    /**
     * Reads the rest of the result into memory, so that the session can run another statement
     * while the caller still reads this one (as MariaDB Connector/J does with streamed results).
     */
    void bufferRemaining() {
        try {
            while (!ended) {
                readFrame();
            }
        } catch (SQLException e) {
            failure = e;
        }
    }

    private void readFrame() throws SQLException {
        Frame f;
        try {
            f = stream.require();
        } catch (SQLException e) {
            finished();
            throw e;
        }
        if (f instanceof Frame.Rows rows) {
            pending.addAll(rows.rows());
            received += rows.rows().size();
        } else if (f instanceof Frame.End end) {
            stream.finish();
            finished();
            connection.applyEnd(end);
            warnings = Errors.chain(warnings, warningsOf(end));
            if (statement != null) {
                statement.addWarnings(warningsOf(end)); // its own copy: a warning is a link of one chain only
            }
        } else if (f instanceof Frame.Error error) {
            stream.finish();
            finished();
            failure = connection.errorFor(error, statement);
        } else {
            finished();
            throw stream.unexpected(f, "inside a result");
        }
    }

    private SQLWarning warningsOf(Frame.End end) {
        SQLWarning w = Errors.warnings(end.warnings());
        if (end.truncated() && (maxRows == 0 || received < maxRows)) {
            w = Errors.chain(w, new SQLWarning("Guard's policy limited the result to " + received
                    + " rows (max_rows); more rows matched", "01000"));
        }
        return w;
    }

    private void finished() {
        ended = true;
        connection.streamEnded(this);
        if (statement != null) {
            statement.streamEnded();
        }
    }

    @Override
    public SQLWarning warnings() {
        return warnings;
    }

    @Override
    public void clearWarnings() {
        warnings = null;
    }

    /**
     * From any thread (Connection.close or abort): drops the response; the reading thread then
     * gets an SQLException (08003).
     */
    void abort() {
        stream.close();
    }

    /** Before the end this aborts the response, which the server takes as a cancel. */
    @Override
    public void close() {
        pending.clear();
        if (!ended) {
            if (!stream.endsWithin(MAX_FRAMES_READ_ON_CLOSE)) {
                stream.close(); // still streaming: abort, which cancels the query on the server
            }
            finished();
        }
    }

    /**
     * Frames a close reads when they have already arrived: a small result is usually complete in
     * the client's buffer, and ending it cleanly spares the server a stream reset.
     */
    private static final int MAX_FRAMES_READ_ON_CLOSE = 8;
}
