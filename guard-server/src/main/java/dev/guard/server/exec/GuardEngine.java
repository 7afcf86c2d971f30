package dev.guard.server.exec;

import dev.guard.catalog.Catalog;
import dev.guard.mask.MaskMethod;
import dev.guard.mask.Masker;
import dev.guard.policy.Decision;
import dev.guard.policy.Policy;
import dev.guard.policy.PolicyEngine;
import dev.guard.server.upstream.LiveCatalog;
import dev.guard.server.upstream.Upstream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy engine over the live catalog. After DDL it lets through, and (rate-limited) before
 * denying a name as unknown, it re-reads the catalog and swaps in a fresh engine, so analyses
 * cached against the old catalog are dropped with it.
 */
public final class GuardEngine {

    private static final Logger LOG = LoggerFactory.getLogger(GuardEngine.class);
    private static final long MIN_REFRESH_NANOS = 1_000_000_000L;

    private final Policy policy;
    private final Upstream upstream;
    private final byte[] hashKey;
    private final AtomicReference<PolicyEngine> current = new AtomicReference<>();
    private final Map<Decision.ColumnMask, Masker> maskers = new ConcurrentHashMap<>();
    private volatile long lastRefresh;

    public GuardEngine(Policy policy, Upstream upstream, byte[] hashKey) throws SQLException {
        this.policy = policy;
        this.upstream = upstream;
        this.hashKey = hashKey;
        boolean usesHash = policy.masking().stream().anyMatch(m -> m.method() == MaskMethod.HASH);
        if (usesHash && (hashKey == null || hashKey.length == 0)) {
            throw new IllegalStateException("the policy masks with method hash, so masking.hash_key must be configured");
        }
        refresh();
    }

    public PolicyEngine engine() {
        return current.get();
    }

    public Policy policy() {
        return policy;
    }

    /** Re-reads the catalog now. */
    public synchronized void refresh() throws SQLException {
        try (Connection c = upstream.borrow()) {
            Catalog catalog = LiveCatalog.load(c, upstream.info().lowerCaseTableNames() != 0);
            current.set(new PolicyEngine(policy, catalog));
            lastRefresh = System.nanoTime();
        }
    }

    /** Re-reads the catalog unless it was read within the last second; true when it did. */
    public boolean refreshIfStale() {
        if (System.nanoTime() - lastRefresh < MIN_REFRESH_NANOS) {
            return false;
        }
        try {
            refresh();
            return true;
        } catch (SQLException e) {
            LOG.warn("could not refresh the catalog: {}", e.getMessage());
            return false;
        }
    }

    /** The masker for a column mask of a decision (cached: masks repeat across statements). */
    public Masker masker(Decision.ColumnMask m) {
        return maskers.computeIfAbsent(m, k -> Masker.of(k.method(), k.keepFirst(), k.keepLast(), k.detect(),
                k.method() == MaskMethod.HASH ? hashKey : null));
    }
}
