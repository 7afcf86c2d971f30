package dev.guard.policy;

import dev.guard.mask.Detector;
import dev.guard.mask.MaskMethod;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code masking}.
 *
 * @param detect content detectors; empty when absent (the whole value is masked)
 * @param keepFirst characters kept at the start under {@code partial}; 0 when absent
 * @param keepLast characters kept at the end under {@code partial}; 0 when absent
 * @param except who sees the columns unmasked; {@link Subjects#NONE} when absent
 * @param predicates how the columns may be used outside the select list; {@code EQUALITY} when absent
 * @param line line of the entry in the policy file
 */
public record MaskingRule(String id, List<ColumnName> columns, List<Detector> detect, MaskMethod method,
                          int keepFirst, int keepLast, Subjects except, PredicateUse predicates, int line) {
    public MaskingRule {
        Objects.requireNonNull(id, "id");
        columns = List.copyOf(columns);
        detect = List.copyOf(detect);
        Objects.requireNonNull(method, "method");
        if (keepFirst < 0 || keepLast < 0) throw new IllegalArgumentException("negative keep");
        Objects.requireNonNull(except, "except");
        Objects.requireNonNull(predicates, "predicates");
    }
}
