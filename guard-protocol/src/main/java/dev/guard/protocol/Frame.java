package dev.guard.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server sends: each frame is {@code [u8 type][varint length][payload]}. A statement's
 * response is a {@link Header} (result columns, once), any number of {@link Rows}, then one
 * {@link End}; or an {@link Error} at any point, which ends it.
 */
public sealed interface Frame {

    int SESSION = 1;
    int HEADER = 2;
    int ROWS = 3;
    int END = 4;
    int ERROR = 5;

    /** The server's answer to opening a session. */
    record Session(String sessionId, String user, String productName, String productVersion, String schema,
                   String sqlMode, int lowerCaseTableNames, boolean autoCommit, int isolation) implements Frame {
        void write(WireWriter w) {
            w.string(sessionId).string(user).string(productName).string(productVersion).nullableString(schema)
                    .string(sqlMode).varInt(lowerCaseTableNames).bool(autoCommit).varInt(isolation);
        }

        static Session read(WireReader r) throws IOException {
            return new Session(r.string(), r.string(), r.string(), r.string(), r.nullableString(), r.string(),
                    r.varInt(), r.bool(), r.varInt());
        }
    }

    /** The columns of a result. */
    record Header(List<ColumnInfo> columns) implements Frame {
        void write(WireWriter w) {
            w.varInt(columns.size());
            for (ColumnInfo c : columns) {
                c.write(w);
            }
        }

        static Header read(WireReader r) throws IOException {
            int n = r.count(Limits.MAX_COLUMNS);
            List<ColumnInfo> cols = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                cols.add(ColumnInfo.read(r));
            }
            return new Header(cols);
        }
    }

    /** Rows of the current result, each an array of values in column order. */
    record Rows(List<Object[]> rows) implements Frame {}

    /** A warning the server raised with a result. */
    record Warning(String sqlState, int code, String message) {}

    /**
     * The end of a statement: its update count (-1 for a result set), per-statement counts of
     * a batch, generated keys, warnings, and whether {@code max_rows} cut the result short.
     */
    record End(long updateCount, long[] batchCounts, List<Object> generatedKeys, List<Warning> warnings,
               boolean truncated, boolean autoCommit, String schema) implements Frame {
        void write(WireWriter w) {
            w.zigzag(updateCount).varInt(batchCounts.length);
            for (long c : batchCounts) {
                w.zigzag(c);
            }
            w.varInt(generatedKeys.size());
            for (Object k : generatedKeys) {
                w.value(k);
            }
            w.varInt(warnings.size());
            for (Warning x : warnings) {
                w.string(x.sqlState()).zigzag(x.code()).string(x.message());
            }
            w.bool(truncated).bool(autoCommit).nullableString(schema);
        }

        static End read(WireReader r) throws IOException {
            long count = r.zigzag();
            long[] batch = new long[r.count(Limits.MAX_BATCH)];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = r.zigzag();
            }
            int nk = r.count(Limits.MAX_BATCH);
            List<Object> keys = new ArrayList<>(nk);
            for (int i = 0; i < nk; i++) {
                keys.add(r.value());
            }
            int nw = r.count(1000);
            List<Warning> warnings = new ArrayList<>(nw);
            for (int i = 0; i < nw; i++) {
                warnings.add(new Warning(r.string(), (int) r.zigzag(), r.string()));
            }
            return new End(count, batch, keys, warnings, r.bool(), r.bool(), r.nullableString());
        }
    }

    /** Why a request failed. {@code kind} says who refused it. */
    record Error(int kind, String sqlState, int vendorCode, String message, String rule, String check,
                 String approvalId) implements Frame {
        /** MySQL (or the connection to it) reported an error. */
        public static final int DATABASE = 0;
        /** The policy denied the statement. */
        public static final int DENIED = 1;
        /** The statement waits for a human's approval. */
        public static final int APPROVAL_REQUIRED = 2;
        /** The credential was missing, wrong or expired. */
        public static final int AUTHENTICATION = 3;
        /** The session does not exist, expired or belongs to someone else. */
        public static final int SESSION = 4;
        /** The request broke the protocol or a limit. */
        public static final int BAD_REQUEST = 5;
        /** The upstream database is unreachable. */
        public static final int UNAVAILABLE = 6;
        /** The statement was cancelled or ran out of time. */
        public static final int CANCELLED = 7;

        void write(WireWriter w) {
            w.u8(kind).string(sqlState).zigzag(vendorCode).string(message).nullableString(rule)
                    .nullableString(check).nullableString(approvalId);
        }

        static Error read(WireReader r) throws IOException {
            return new Error(r.u8(), r.string(), (int) r.zigzag(), r.string(), r.nullableString(), r.nullableString(),
                    r.nullableString());
        }
    }
}
