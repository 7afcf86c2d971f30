package dev.guard.server.exec;

import dev.guard.policy.Caller;
import dev.guard.policy.Subjects;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Statements held for a human's approval: each request is bound to the requester, the exact
 * text, its parameters and the current schema. Deciding requests (who approves, running the
 * statement once) is the approvals capability; this store records them so that the caller gets
 * an id to quote.
 */
public final class ApprovalStore {

    /** One held statement. */
    public record Pending(String id, Caller requester, String sql, List<Object> parameters, String schema,
                          String rule, Subjects approvers, Instant created) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public Pending hold(Caller requester, String sql, List<Object> parameters, String schema, String rule, Subjects approvers) {
        byte[] raw = new byte[10];
        RANDOM.nextBytes(raw);
        String id = "apr_" + HexFormat.of().formatHex(raw);
        Pending p = new Pending(id, requester, sql, java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters)),
                schema, rule, approvers, Instant.now());
        pending.put(id, p);
        return p;
    }

    public Optional<Pending> find(String id) {
        return Optional.ofNullable(pending.get(id));
    }

    public int size() {
        return pending.size();
    }
}
