package dev.guard.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the driver sends, one message per HTTP/2 request body. The path says which kind:
 * {@code POST /v1/sessions} carries {@link Open}, {@code .../execute} {@link Execute},
 * {@code .../control} {@link Control}, {@code .../metadata} {@link Metadata}.
 */
public sealed interface Request {

    /** The protocol version this build speaks; it is also the first path segment ({@code /v1}). */
    int VERSION = 1;

    byte[] encode();

    /** Opens a session with a current schema (or none). */
    record Open(String schema, String client) implements Request {
        @Override
        public byte[] encode() {
            return new WireWriter().u8(VERSION).nullableString(schema).string(client).toByteArray();
        }

        public static Open decode(byte[] body) throws IOException {
            WireReader r = reader(body);
            Open o = new Open(r.nullableString(), r.string());
            end(r);
            return o;
        }
    }

    /**
     * Runs one statement: with {@code parameters} for its {@code ?} placeholders, or with
     * {@code batch} parameter sets, or {@code batchSql} statements run in order as a batch.
     *
     * @param expect          0 any, 1 a result set, 2 an update count
     * @param generatedKeys   whether to return generated keys
     * @param maxRows         0 for no limit of the caller's own
     * @param timeoutMillis   0 for no timeout of the caller's own
     */
    record Execute(String sql, List<Object> parameters, List<List<Object>> batch, List<String> batchSql,
                   int expect, boolean generatedKeys, long maxRows, int fetchSize, int timeoutMillis) implements Request {
        public static final int ANY = 0;
        public static final int QUERY = 1;
        public static final int UPDATE = 2;

        @Override
        public byte[] encode() {
            WireWriter w = new WireWriter(64 + sql.length());
            w.u8(VERSION).string(sql).varInt(parameters.size());
            for (Object p : parameters) {
                w.value(p);
            }
            w.varInt(batch.size());
            for (List<Object> set : batch) {
                w.varInt(set.size());
                for (Object p : set) {
                    w.value(p);
                }
            }
            w.varInt(batchSql.size());
            for (String s : batchSql) {
                w.string(s);
            }
            w.u8(expect).bool(generatedKeys).varLong(maxRows).varInt(fetchSize).varInt(timeoutMillis);
            return w.toByteArray();
        }

        public static Execute decode(byte[] body) throws IOException {
            WireReader r = reader(body);
            String sql = r.string();
            List<Object> params = values(r);
            int n = r.count(Limits.MAX_BATCH);
            List<List<Object>> batch = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                batch.add(values(r));
            }
            int m = r.count(Limits.MAX_BATCH);
            List<String> sqls = new ArrayList<>(Math.min(m, 1024));
            for (int i = 0; i < m; i++) {
                sqls.add(r.string());
            }
            int expect = r.u8();
            if (expect > UPDATE) {
                throw new ProtocolException("unknown result expectation " + expect);
            }
            Execute e = new Execute(sql, params, batch, sqls, expect, r.bool(), r.varLong(), r.varInt(), r.varInt());
            end(r);
            return e;
        }

        private static List<Object> values(WireReader r) throws IOException {
            int n = r.count(Limits.MAX_PARAMETERS);
            List<Object> out = new ArrayList<>(Math.min(n, 64));
            for (int i = 0; i < n; i++) {
                out.add(r.value());
            }
            return out;
        }
    }

    /** A session operation the JDBC API performs without SQL of the caller's. */
    record Control(int op, long number, String text) implements Request {
        public static final int PING = 0;
        public static final int AUTO_COMMIT = 1;
        public static final int COMMIT = 2;
        public static final int ROLLBACK = 3;
        public static final int ISOLATION = 4;
        public static final int READ_ONLY = 5;
        public static final int CATALOG = 6;

        @Override
        public byte[] encode() {
            return new WireWriter().u8(VERSION).u8(op).zigzag(number).nullableString(text).toByteArray();
        }

        public static Control decode(byte[] body) throws IOException {
            WireReader r = reader(body);
            int op = r.u8();
            if (op > CATALOG) {
                throw new ProtocolException("unknown session operation " + op);
            }
            Control c = new Control(op, r.zigzag(), r.nullableString());
            end(r);
            return c;
        }
    }

    /** A catalog listing for DatabaseMetaData, limited to what the caller may read. */
    record Metadata(int kind, String catalog, String table, String column) implements Request {
        public static final int CATALOGS = 0;
        public static final int TABLES = 1;
        public static final int COLUMNS = 2;
        public static final int PRIMARY_KEYS = 3;

        @Override
        public byte[] encode() {
            return new WireWriter().u8(VERSION).u8(kind).nullableString(catalog).nullableString(table)
                    .nullableString(column).toByteArray();
        }

        public static Metadata decode(byte[] body) throws IOException {
            WireReader r = reader(body);
            int kind = r.u8();
            if (kind > PRIMARY_KEYS) {
                throw new ProtocolException("unknown metadata kind " + kind);
            }
            Metadata m = new Metadata(kind, r.nullableString(), r.nullableString(), r.nullableString());
            end(r);
            return m;
        }
    }

    private static WireReader reader(byte[] body) throws IOException {
        WireReader r = new WireReader(body, 0, body.length, Limits.MAX_MESSAGE);
        int version = r.u8();
        if (version != VERSION) {
            throw new ProtocolException("protocol version " + version + " is not supported; this server speaks " + VERSION);
        }
        return r;
    }

    private static void end(WireReader r) throws ProtocolException {
        if (!r.atEnd()) {
            throw new ProtocolException("the request has trailing bytes");
        }
    }
}
