package dev.guard.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of {@code rules}.
 *
 * @param statements the kinds the rule covers; every kind when {@code allStatements}
 * @param allStatements {@code statements} was absent, held {@code ALL} or listed every kind
 * @param tables null when absent (every table, never the system schemas outside a deny rule)
 * @param columns ASCII-lower-cased column names; null when absent
 * @param patterns fingerprints the statement must equal one of; empty when absent
 * @param approvers non-null exactly for {@code require_approval} rules
 * @param maxRows null when not set
 * @param statementTimeout null when not set
 * @param line line of the rule in the policy file
 */
public record Rule(String id, Effect effect, Subjects subjects, Set<StatementKind> statements, boolean allStatements,
                   List<TablePattern> tables, Set<String> columns, boolean requireWhere, List<Pattern> patterns,
                   Subjects approvers, Long maxRows, Duration statementTimeout, int line) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(subjects, "subjects");
        statements = Collections.unmodifiableSet(statements.isEmpty()
                ? EnumSet.noneOf(StatementKind.class) : EnumSet.copyOf(statements));
        tables = tables == null ? null : List.copyOf(tables);
        columns = columns == null ? null : Subjects.ordered(columns);
        patterns = List.copyOf(patterns);
    }
}
