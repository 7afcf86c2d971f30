package dev.guard.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads frames from a response stream; rows are decoded with the column count of the last header. */
public final class FrameReader {

    private final InputStream in;
    private final WireReader head;
    private int columns = -1;

    public FrameReader(InputStream in) {
        this.in = in;
        this.head = new WireReader(in, Limits.MAX_FRAME);
    }

    /** The next frame, or null at the end of the stream. */
    public Frame next() throws IOException {
        int type = head.u8OrEnd();
        if (type < 0) {
            return null;
        }
        int length = head.count(Limits.MAX_FRAME);
        byte[] payload = in.readNBytes(length);
        if (payload.length != length) {
            throw new ProtocolException("the response ends inside a frame");
        }
        WireReader r = new WireReader(payload, 0, length, Limits.MAX_FRAME);
        Frame f = switch (type) {
            case Frame.SESSION -> Frame.Session.read(r);
            case Frame.HEADER -> {
                Frame.Header h = Frame.Header.read(r);
                columns = h.columns().size();
                yield h;
            }
            case Frame.ROWS -> rows(r);
            case Frame.END -> Frame.End.read(r);
            case Frame.ERROR -> Frame.Error.read(r);
            default -> throw new ProtocolException("unknown frame type " + type);
        };
        if (!r.atEnd()) {
            throw new ProtocolException("a frame has trailing bytes");
        }
        return f;
    }

    private Frame.Rows rows(WireReader r) throws IOException {
        if (columns < 0) {
            throw new ProtocolException("rows arrived before their header");
        }
        int n = r.count(Limits.MAX_FRAME);
        List<Object[]> rows = new ArrayList<>(Math.min(n, 4096));
        for (int i = 0; i < n; i++) {
            Object[] row = new Object[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = r.value();
            }
            rows.add(row);
        }
        return new Frame.Rows(rows);
    }
}
