package dev.guard.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds protocol messages in a growable buffer: variable-length integers, length-prefixed
 * UTF-8 strings and byte strings, and typed values. Not thread-safe; reuse with {@link #reset()}.
 */
public final class WireWriter {

    private byte[] buf;
    private int len;

    public WireWriter() {
        this(256);
    }

    public WireWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public int size() {
        return len;
    }

    public void reset() {
        len = 0;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    public WireWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    /** Unsigned LEB128. */
    public WireWriter varLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
        return this;
    }

    public WireWriter varInt(int v) {
        return varLong(v & 0xFFFFFFFFL);
    }

    /** Signed, zig-zag encoded. */
    public WireWriter zigzag(long v) {
        return varLong((v << 1) ^ (v >> 63));
    }

    public WireWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public WireWriter fixed64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public WireWriter fixed32(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public WireWriter bytes(byte[] b) {
        varInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** A non-null string. */
    public WireWriter string(String s) {
        // Encode directly: ASCII fast path, else via the JDK encoder.
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            varInt(n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            return this;
        }
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A string that may be null: its length plus one, or 0 for null. */
    public WireWriter nullableString(String s) {
        if (s == null) {
            return u8(0);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varInt(b.length + 1);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    public WireWriter value(Object v) {
        Values.write(this, v);
        return this;
    }

    public WireWriter decimal(BigDecimal d) {
        return string(d.toString());
    }

    /** Appends another writer's bytes. */
    public WireWriter append(WireWriter other) {
        ensure(other.len);
        System.arraycopy(other.buf, 0, buf, len, other.len);
        len += other.len;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }
}
