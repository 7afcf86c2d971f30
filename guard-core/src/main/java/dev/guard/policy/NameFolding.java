package dev.guard.policy;

import dev.guard.sql.Analysis;
import dev.guard.sql.Analysis.ColumnRef;
import dev.guard.sql.Analysis.Origin;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the server compares schema and table names case-insensitively
 * ({@code lower_case_table_names} 1 or 2), the policy and every analysis are compared in lower
 * case, so that {@code SHOP.Orders} cannot slip past a rule on {@code shop.orders}.
 */
final class NameFolding {

    private NameFolding() {}

    private static String f(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static Policy fold(Policy p) {
        List<Rule> rules = p.rules().stream().map(r -> new Rule(r.id(), r.effect(), r.subjects(), r.statements(),
                r.allStatements(), r.tables() == null ? null : r.tables().stream().map(t -> new TablePattern(f(t.schema()), f(t.table()))).toList(),
                r.columns(), r.requireWhere(), r.patterns().stream().map(x -> new Pattern(x.sql(), f(x.fingerprint()), x.line())).toList(),
                r.approvers(), r.maxRows(), r.statementTimeout(), r.line())).toList();
        List<MaskingRule> masking = p.masking().stream().map(m -> new MaskingRule(m.id(),
                m.columns().stream().map(c -> new ColumnName(f(c.schema()), f(c.table()), c.column())).toList(),
                m.detect(), m.method(), m.keepFirst(), m.keepLast(), m.except(), m.predicates(), m.line())).toList();
        return new Policy(p.defaults(), rules, masking, p.source());
    }

    static Analysis fold(Analysis a) {
        if (a == null) {
            return null;
        }
        return new Analysis(a.verdict(), a.reason(), a.form(), a.kind(),
                a.accesses().stream().map(x -> new Analysis.Access(x.kind(), f(x.schema()), f(x.table()), x.where())).toList(),
                columns(a.referencedColumns()),
                a.outputs().stream().map(o -> new Analysis.OutputColumn(o.label(), origins(o.origins()))).toList(),
                a.routineResult(),
                a.predicateUses().stream().map(u -> new Analysis.PredicateUse(origins(u.origins()), u.equalityOnly(), u.clause())).toList(),
                origins(a.copied()),
                a.renames().stream().map(r -> new Analysis.Rename(column(r.from()), column(r.to()))).toList(),
                a.writes().stream().map(w -> new Analysis.Write(column(w.target()), w.literal(), w.parameter())).toList(),
                a.unknownObjects(), f(a.fingerprint()), f(a.schema()), fold(a.inner()));
    }

    private static ColumnRef column(ColumnRef c) {
        return new ColumnRef(f(c.schema()), f(c.table()), c.column());
    }

    private static Set<ColumnRef> columns(Set<ColumnRef> in) {
        Set<ColumnRef> out = new LinkedHashSet<>();
        in.forEach(c -> out.add(column(c)));
        return out;
    }

    private static Set<Origin> origins(Set<Origin> in) {
        Set<Origin> out = new LinkedHashSet<>();
        in.forEach(o -> out.add(new Origin(column(o.column()), o.bare())));
        return out;
    }
}
