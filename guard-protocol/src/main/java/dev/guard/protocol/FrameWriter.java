package dev.guard.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames to a response stream. Rows are buffered into one {@link Frame#ROWS} frame until
 * {@link #flushRows()} (the server flushes by size, and whenever the upstream stalls).
 */
public final class FrameWriter {

    private final OutputStream out;
    // Small to start (most results are a few rows); they grow to fit larger ones.
    private final WireWriter body = new WireWriter(512);
    private final WireWriter rows = new WireWriter(2048);
    private final WireWriter head = new WireWriter(16);
    private int rowCount;

    public FrameWriter(OutputStream out) {
        this.out = out;
    }

    private void emit(int type, WireWriter payload) throws IOException {
        head.reset();
        head.u8(type).varInt(payload.size());
        head.writeTo(out);
        payload.writeTo(out);
    }

    public void session(Frame.Session s) throws IOException {
        body.reset();
        s.write(body);
        emit(Frame.SESSION, body);
    }

    public void header(Frame.Header h) throws IOException {
        body.reset();
        h.write(body);
        emit(Frame.HEADER, body);
    }

    /** Adds one row's values, in column order, to the current rows frame. */
    public WireWriter row() {
        rowCount++;
        return rows;
    }

    /** Bytes buffered in the current rows frame. */
    public int bufferedRowBytes() {
        return rows.size();
    }

    public void flushRows() throws IOException {
        if (rowCount == 0) {
            return;
        }
        head.reset();
        head.u8(Frame.ROWS).varInt(rows.size() + varIntSize(rowCount)).varInt(rowCount);
        head.writeTo(out);
        rows.writeTo(out);
        rows.reset();
        rowCount = 0;
    }

    private static int varIntSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }

    public void end(Frame.End e) throws IOException {
        flushRows();
        body.reset();
        e.write(body);
        emit(Frame.END, body);
    }

    public void error(Frame.Error e) throws IOException {
        flushRows();
        body.reset();
        e.write(body);
        emit(Frame.ERROR, body);
    }

    public void flush() throws IOException {
        flushRows();
        out.flush();
    }
}
