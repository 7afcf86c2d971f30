package dev.guard.sql;

import dev.guard.policy.StatementKind;
import java.util.List;
import java.util.Set;

/**
 * What one statement does, independent of who runs it: the result of lexing, classifying and
 * parsing it against a catalog. Immutable and cached; the policy engine decides on it.
 *
 * <p>A statement that could not be read carries a {@link Verdict} saying which early check
 * decides it; otherwise it carries its table accesses, the columns it references, its result
 * columns with their lineage, and the facts the masking checks need.
 */
public record Analysis(
        Verdict verdict,
        String reason,
        Form form,
        StatementKind kind,
        List<Access> accesses,
        Set<ColumnRef> referencedColumns,
        List<OutputColumn> outputs,
        boolean routineResult,
        List<PredicateUse> predicateUses,
        Set<Origin> copied,
        List<Rename> renames,
        List<Write> writes,
        List<String> unknownObjects,
        String fingerprint,
        String schema,
        Analysis inner) {

    public Analysis {
        accesses = List.copyOf(accesses);
        referencedColumns = ordered(referencedColumns);
        outputs = List.copyOf(outputs);
        predicateUses = List.copyOf(predicateUses);
        copied = ordered(copied);
        renames = List.copyOf(renames);
        writes = List.copyOf(writes);
        unknownObjects = List.copyOf(unknownObjects);
    }

    /** Which early check decides the statement, or {@link #ANALYSED} when the rules do. */
    public enum Verdict {
        UNPARSABLE("unparsable"),
        MULTI_STATEMENT("multi-statement"),
        UNKNOWN_KIND("unknown-kind"),
        ALWAYS_ALLOWED("always-allowed"),
        ALWAYS_DENIED("always-denied"),
        NO_SCHEMA("no-schema"),
        ANALYSED("rule");

        private final String check;

        Verdict(String check) {
            this.check = check;
        }

        /** The name of the check as {@code guard check} reports it. */
        public String check() {
            return check;
        }
    }

    /** How the rules apply to an analysed statement. */
    public enum Form {
        /** Decided by its table accesses (and its kind when it touches no table). */
        STATEMENT,
        /** {@code USE s}: {@link #schema()}. */
        USE,
        /** {@code SHOW TABLES}: some table of {@link #schema()} must be readable. */
        SHOW_TABLES,
        /** {@code SHOW DATABASES}: some schema must be usable. */
        SHOW_DATABASES,
        /** {@code EXPLAIN stmt}: {@link #inner()} does not run; allowed when it would be allowed or held. */
        EXPLAIN,
        /** {@code EXPLAIN ANALYZE stmt}: decided as {@link #inner()}, without masks. */
        EXPLAIN_ANALYZE,
        /** {@code DESCRIBE t}, {@code SHOW COLUMNS}, {@code SHOW INDEX}: SELECT on t, no masks. */
        DESCRIBE,
        /** {@code SHOW CREATE TABLE t}: SELECT on every column of t. */
        SHOW_CREATE_TABLE
    }

    /** How a WHERE clause constrains a modified table. */
    public enum WhereShape {
        /** Not an UPDATE or DELETE of this table. */
        NOT_APPLICABLE,
        /** Has a real WHERE for this table. */
        REAL,
        /** Has no real WHERE for this table. */
        NOT_REAL,
        /** The UPDATE of INSERT ... ON DUPLICATE KEY UPDATE, which has no WHERE at all. */
        NONE
    }

    /** One access to a table (or, for CALL, a routine) with the kind it needs. */
    public record Access(StatementKind kind, String schema, String table, WhereShape where) {
        public String qualifiedName() {
            return schema + "." + table;
        }
    }

    /** A column of a base table. Column names are compared in ASCII lower case. */
    public record ColumnRef(String schema, String table, String column) {
        @Override
        public String toString() {
            return schema + "." + table + "." + column;
        }
    }

    /**
     * Where a value comes from: a base-table column, passed through bare (only renamed or moved
     * through subqueries) or transformed by an expression.
     */
    public record Origin(ColumnRef column, boolean bare) {}

    /** A result column: its label and the base columns its values come from. */
    public record OutputColumn(String label, Set<Origin> origins) {
        public OutputColumn {
            origins = ordered(origins);
        }
    }

    /**
     * A use of values outside the select list. {@code equalityOnly} is true where the use is one
     * the {@code equality} predicate setting allows (bare in GROUP BY, DISTINCT, PARTITION BY, a
     * bare operand of an equality-like comparison with literals, parameters or columns).
     */
    public record PredicateUse(Set<Origin> origins, boolean equalityOnly, String clause) {
        public PredicateUse {
            origins = ordered(origins);
        }
    }

    /** An unmodifiable copy that keeps text order, so that the rule a decision cites is stable. */
    static <T> Set<T> ordered(Set<T> in) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(in));
    }

    /** A column moved or renamed by DDL: {@code from} becomes {@code to}. */
    public record Rename(ColumnRef from, ColumnRef to) {}

    /**
     * A value stored into a column: a literal (its decoded value) or a statement parameter
     * (1-based index), for the masked write-back check.
     */
    public record Write(ColumnRef target, String literal, int parameter) {}

    /** True when the statement returns rows whose columns are known (and so may carry masks). */
    public boolean returnsRows() {
        return routineResult || !outputs.isEmpty();
    }
}
