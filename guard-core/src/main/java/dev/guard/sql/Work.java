package dev.guard.sql;

import dev.guard.policy.StatementKind;
import dev.guard.sql.Analysis.Access;
import dev.guard.sql.Analysis.ColumnRef;
import dev.guard.sql.Analysis.Form;
import dev.guard.sql.Analysis.Origin;
import dev.guard.sql.Analysis.OutputColumn;
import dev.guard.sql.Analysis.PredicateUse;
import dev.guard.sql.Analysis.Rename;
import dev.guard.sql.Analysis.Verdict;
import dev.guard.sql.Analysis.Write;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the analysis of one statement has found so far; turned into an {@link Analysis} at the end. */
final class Work {

    /** Thrown where the analyser meets something it does not understand: the statement is denied. */
    static final class Unsupported extends RuntimeException {
        final Verdict verdict;

        Unsupported(Verdict verdict, String message) {
            super(message, null, false, false);
            this.verdict = verdict;
        }

        Unsupported(String message) {
            this(Verdict.UNPARSABLE, message);
        }
    }

    private record Placed(Access access, int position) {}

    /** A table name in the token stream, replaced by its qualified name in the fingerprint. */
    record TableSpan(int first, int last, String qualified) {}

    final String schema;
    Form form = Form.STATEMENT;
    StatementKind kind;
    String formSchema;
    Analysis inner;
    private final List<Placed> accesses = new ArrayList<>();
    final Set<ColumnRef> referenced = new LinkedHashSet<>();
    final List<OutputColumn> outputs = new ArrayList<>();
    boolean routineResult;
    final List<PredicateUse> uses = new ArrayList<>();
    final Set<Origin> copied = new LinkedHashSet<>();
    final List<Rename> renames = new ArrayList<>();
    final List<Write> writes = new ArrayList<>();
    final List<String> unknown = new ArrayList<>();
    final Map<Integer, TableSpan> tableSpans = new HashMap<>();
    String noSchema;

    Work(String schema) {
        this.schema = schema;
    }

    void access(StatementKind kind, String schema, String table, Analysis.WhereShape where, int position) {
        accesses.add(new Placed(new Access(kind, schema, table, where), position));
    }

    /** The current schema, or records that an unqualified name has none and returns null. */
    String schemaFor(String qualifier, String what) {
        if (qualifier != null) {
            return qualifier;
        }
        if (schema == null && noSchema == null) {
            noSchema = "'" + what + "' is not qualified with a schema and the request has no current schema";
        }
        return schema == null ? "" : schema;
    }

    /** The statement stores its result (SET @u = expr, SELECT ... INTO @u): the values are copied, not returned. */
    void copyAllOutputs() {
        for (OutputColumn c : outputs) {
            copied.addAll(c.origins());
        }
        outputs.clear();
    }

    /** DO evaluates its expressions and returns nothing. */
    void copyAllOutputsAsReads() {
        outputs.clear();
    }

    void unknown(String what) {
        if (!unknown.contains(what)) {
            unknown.add(what);
        }
    }

    Analysis finish(String fingerprint) {
        if (noSchema != null) {
            return early(Verdict.NO_SCHEMA, noSchema + "; qualify it (schema.table) or choose a schema first", fingerprint);
        }
        List<Access> ordered = accesses.stream()
                .sorted(Comparator.comparingInt(Placed::position))
                .map(Placed::access)
                .distinct()
                .toList();
        return new Analysis(Verdict.ANALYSED, null, form, kind, ordered, referenced, outputs, routineResult,
                uses, copied, renames, writes, unknown, fingerprint, formSchema, inner);
    }

    static Analysis early(Verdict verdict, String reason, String fingerprint) {
        return new Analysis(verdict, reason, Form.STATEMENT, null, List.of(), Set.of(), List.of(), false,
                List.of(), Set.of(), List.of(), List.of(), List.of(), fingerprint, null, null);
    }
}
