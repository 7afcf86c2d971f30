package dev.guard.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A Blob held in memory: results' binary columns, and Connection.createBlob, which callers
 * write into, so it grows as written. Positions are 1-based.
 */
final class MemoryBlob implements Blob {

    private byte[] bytes;
    private int length;

    MemoryBlob(byte[] bytes) {
        this.bytes = bytes.clone();
        this.length = bytes.length;
    }

    private byte[] bytes() throws SQLException {
        if (bytes == null) {
            throw new SQLException("the Blob was freed", "HY010");
        }
        return bytes;
    }

    private int start(long pos, boolean mayAppend) throws SQLException {
        bytes();
        long max = length + (mayAppend ? 1 : 0);
        if (pos < 1 || pos > Math.max(max, 1)) {
            throw new SQLException("position " + pos + " is outside the Blob (1.." + max + ")", "22011");
        }
        return (int) (pos - 1);
    }

    @Override
    public long length() throws SQLException {
        bytes();
        return length;
    }

    @Override
    public byte[] getBytes(long pos, int len) throws SQLException {
        int from = start(pos, true);
        if (len < 0) {
            throw new SQLException("the length may not be negative", "22011");
        }
        return Arrays.copyOfRange(bytes(), from, Math.min(length, from + len));
    }

    @Override
    public InputStream getBinaryStream() throws SQLException {
        return new ByteArrayInputStream(bytes(), 0, length);
    }

    @Override
    public InputStream getBinaryStream(long pos, long len) throws SQLException {
        return new ByteArrayInputStream(getBytes(pos, (int) Math.min(len, Integer.MAX_VALUE)));
    }

    @Override
    public long position(byte[] pattern, long start) throws SQLException {
        int from = start(start, true);
        outer:
        for (int i = from; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes()[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i + 1;
        }
        return -1;
    }

    @Override
    public long position(Blob pattern, long start) throws SQLException {
        return position(pattern.getBytes(1, (int) pattern.length()), start);
    }

    @Override
    public int setBytes(long pos, byte[] b) throws SQLException {
        return setBytes(pos, b, 0, b.length);
    }

    @Override
    public int setBytes(long pos, byte[] b, int offset, int len) throws SQLException {
        int at = start(pos, true);
        if (at + len > bytes().length) {
            bytes = Arrays.copyOf(bytes, Math.max(at + len, bytes.length * 2));
        }
        System.arraycopy(b, offset, bytes, at, len);
        length = Math.max(length, at + len);
        return len;
    }

    @Override
    public OutputStream setBinaryStream(long pos) throws SQLException {
        int at = start(pos, true);
        return new OutputStream() {
            private int next = at;

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                try {
                    setBytes(next + 1, b, off, len);
                    next += len;
                } catch (SQLException e) {
                    throw new java.io.IOException(e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public void truncate(long len) throws SQLException {
        bytes();
        if (len < 0 || len > length) {
            throw new SQLException("cannot truncate the Blob to " + len + " bytes", "22011");
        }
        length = (int) len;
    }

    @Override
    public void free() {
        bytes = null;
    }

    @Override
    public String toString() {
        return bytes == null ? "MemoryBlob[freed]" : "MemoryBlob[" + length + " bytes]";
    }
}
