package dev.guard.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;

/**
 * A Clob (and NClob) held in memory: results' text columns, and Connection.createClob, whose
 * callers (Hibernate) write into an empty one, so it grows as written. Positions are 1-based.
 */
final class MemoryClob implements NClob {

    private StringBuilder text;

    MemoryClob(String text) {
        this.text = new StringBuilder(text);
    }

    private StringBuilder text() throws SQLException {
        if (text == null) {
            throw new SQLException("the Clob was freed", "HY010");
        }
        return text;
    }

    private int start(long pos, boolean mayAppend) throws SQLException {
        long max = text().length() + (mayAppend ? 1 : 0);
        if (pos < 1 || pos > Math.max(max, 1)) {
            throw new SQLException("position " + pos + " is outside the Clob (1.." + max + ")", "22011");
        }
        return (int) (pos - 1);
    }

    @Override
    public long length() throws SQLException {
        return text().length();
    }

    @Override
    public String getSubString(long pos, int length) throws SQLException {
        int from = start(pos, true);
        if (length < 0) {
            throw new SQLException("the length may not be negative", "22011");
        }
        return text().substring(from, Math.min(text().length(), from + length));
    }

    @Override
    public Reader getCharacterStream() throws SQLException {
        return new StringReader(text().toString());
    }

    @Override
    public Reader getCharacterStream(long pos, long length) throws SQLException {
        return new StringReader(getSubString(pos, (int) Math.min(length, Integer.MAX_VALUE)));
    }

    @Override
    public InputStream getAsciiStream() throws SQLException {
        return new ByteArrayInputStream(text().toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public long position(String search, long start) throws SQLException {
        int i = text().indexOf(search, start(start, true));
        return i < 0 ? -1 : i + 1;
    }

    @Override
    public long position(Clob search, long start) throws SQLException {
        return position(search.getSubString(1, (int) search.length()), start);
    }

    @Override
    public int setString(long pos, String str) throws SQLException {
        return setString(pos, str, 0, str.length());
    }

    @Override
    public int setString(long pos, String str, int offset, int len) throws SQLException {
        int at = start(pos, true);
        String part = str.substring(offset, offset + len);
        StringBuilder t = text();
        t.replace(at, Math.min(t.length(), at + part.length()), part);
        return part.length();
    }

    @Override
    public OutputStream setAsciiStream(long pos) throws SQLException {
        int at = start(pos, true);
        return new OutputStream() {
            private int next = at;

            @Override
            public void write(int b) throws java.io.IOException {
                try {
                    setString(next + 1, String.valueOf((char) (b & 0x7F)));
                    next++;
                } catch (SQLException e) {
                    throw new java.io.IOException(e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public Writer setCharacterStream(long pos) throws SQLException {
        int at = start(pos, true);
        return new Writer() {
            private int next = at;

            @Override
            public void write(char[] buf, int off, int len) throws java.io.IOException {
                try {
                    setString(next + 1, new String(buf, off, len));
                    next += len;
                } catch (SQLException e) {
                    throw new java.io.IOException(e.getMessage(), e);
                }
            }

            @Override
            public void flush() {
                // written through
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    @Override
    public void truncate(long len) throws SQLException {
        if (len < 0 || len > text().length()) {
            throw new SQLException("cannot truncate the Clob to " + len + " characters", "22011");
        }
        text().setLength((int) len);
    }

    @Override
    public void free() {
        text = null;
    }

    @Override
    public String toString() {
        return text == null ? "MemoryClob[freed]" : "MemoryClob[" + text.length() + " chars]";
    }
}
