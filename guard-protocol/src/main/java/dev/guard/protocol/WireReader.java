package dev.guard.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link WireWriter} wrote, from a byte array or a stream, with every length
 * bounded: a malformed or hostile message fails with {@link ProtocolException}, never with an
 * out-of-memory error.
 */
public final class WireReader {

    private final InputStream in;
    private final byte[] array;
    private int pos;
    private final int limit;
    private final int maxString;

    public WireReader(byte[] bytes) {
        this(bytes, 0, bytes.length, Limits.MAX_MESSAGE);
    }

    public WireReader(byte[] bytes, int offset, int length, int maxString) {
        this.in = null;
        this.array = bytes;
        this.pos = offset;
        this.limit = offset + length;
        this.maxString = maxString;
    }

    public WireReader(InputStream in, int maxString) {
        this.in = in;
        this.array = null;
        this.limit = 0;
        this.maxString = maxString;
    }

    /** True when a byte array is fully read. */
    public boolean atEnd() {
        return array != null && pos >= limit;
    }

    /** The next byte, or -1 at the end of a stream. */

    public int u8() throws IOException {
        if (array != null) {
            if (pos >= limit) {
                throw new ProtocolException("the message ends early");
            }
            return array[pos++] & 0xFF;
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the stream ends early");
        }
        return b;
    }

    /** Reads a byte, or returns -1 at a clean end of stream (before a frame). */
    public int u8OrEnd() throws IOException {
        if (array != null) {
            return pos >= limit ? -1 : array[pos++] & 0xFF;
        }
        return in.read();
    }

    public long varLong() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new ProtocolException("a variable-length integer is too long");
    }

    public int varInt() throws IOException {
        long v = varLong();
        if (v > 0xFFFFFFFFL || v < 0) {
            throw new ProtocolException("an integer is out of range");
        }
        return (int) v;
    }

    /** A non-negative count or length, at most {@code max}. */
    public int count(int max) throws IOException {
        long v = varLong();
        if (v < 0 || v > max) {
            throw new ProtocolException("a count or length of " + v + " exceeds the limit of " + max);
        }
        return (int) v;
    }

    public long zigzag() throws IOException {
        long v = varLong();
        return (v >>> 1) ^ -(v & 1);
    }

    public boolean bool() throws IOException {
        int b = u8();
        if (b > 1) {
            throw new ProtocolException("a boolean is neither 0 nor 1");
        }
        return b == 1;
    }

    public long fixed64() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) u8() << (8 * i);
        }
        return v;
    }

    public int fixed32() throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= u8() << (8 * i);
        }
        return v;
    }

    public byte[] bytes() throws IOException {
        return raw(count(maxString));
    }

    private byte[] raw(int n) throws IOException {
        if (array != null) {
            if (limit - pos < n) {
                throw new ProtocolException("the message ends early");
            }
            byte[] b = new byte[n];
            System.arraycopy(array, pos, b, 0, n);
            pos += n;
            return b;
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("the stream ends early");
        }
        return b;
    }

    public String string() throws IOException {
        int n = count(maxString);
        if (array != null) {
            if (limit - pos < n) {
                throw new ProtocolException("the message ends early");
            }
            String s = new String(array, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
        return new String(raw(n), StandardCharsets.UTF_8);
    }

    public String nullableString() throws IOException {
        int n = count(maxString == Integer.MAX_VALUE ? maxString : maxString + 1);
        if (n == 0) {
            return null;
        }
        return new String(raw(n - 1), StandardCharsets.UTF_8);
    }

    public Object value() throws IOException {
        return Values.read(this);
    }
}
