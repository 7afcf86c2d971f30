package dev.guard.policy;

import dev.guard.mask.Detector;
import dev.guard.mask.MaskMethod;
import java.time.Duration;
import java.util.List;

/**
 * The policy's answer for one statement and one caller: allow it, deny it, or hold it for a
 * human's approval. Each names the check that decided, the rule it cites (or null) and a reason
 * a person (or an agent) can act on. A denial is a value, not an exception.
 */
public sealed interface Decision {

    /** The rule the decision cites, or null when no rule decided. */
    String rule();

    /** The check that decided (as {@code guard check} reports it). */
    String check();

    /** One sentence saying why, and where possible what to do instead. */
    String reason();

    /** The statement may run; its results are masked per {@code masks}. */
    record Allow(String rule, String check, String reason, List<ColumnMask> masks, Limits limits) implements Decision {
        public Allow {
            masks = List.copyOf(masks);
        }
    }

    /** The statement may not run. */
    record Deny(String rule, String check, String reason) implements Decision {}

    /** The statement runs only once one of {@code approvers} approves it. */
    record RequireApproval(String rule, String check, String reason, Subjects approvers, List<ColumnMask> masks,
                           Limits limits) implements Decision {
        public RequireApproval {
            masks = List.copyOf(masks);
        }
    }

    /**
     * How one result column is masked. {@code column} is 1-based; 0 with label {@code *} means
     * every column of every result (routines). {@code method} may be {@code REDACT} where the
     * rule's own method is something else (an expression over a masked column).
     */
    record ColumnMask(int column, String label, String rule, MaskMethod method, List<Detector> detect,
                      int keepFirst, int keepLast) {
        public ColumnMask {
            detect = List.copyOf(detect);
        }
    }

    /** The result size and time limits that apply to an allowed statement. */
    record Limits(long maxRows, Duration statementTimeout) {}
}
