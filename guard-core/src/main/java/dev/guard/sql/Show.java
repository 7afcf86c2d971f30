package dev.guard.sql;

import dev.guard.catalog.Catalog;
import dev.guard.policy.StatementKind;
import dev.guard.sql.Analysis.Form;
import dev.guard.sql.Analysis.Verdict;
import dev.guard.sql.Analysis.WhereShape;
import dev.guard.sql.Work.Unsupported;
import java.util.List;

/** SHOW statements and DESCRIBE of a table. */
final class Show {

    private Show() {}

    static Analysis analyse(Analyzer analyzer, Tokens t, Work work) {
        t.pos++;
        if (t.is("warnings") || t.is("errors") || (t.is("count") && t.is(1, "("))) {
            throw new Unsupported(Verdict.ALWAYS_DENIED, "SHOW WARNINGS and SHOW ERRORS are not run: warnings reach the caller with each result");
        }
        int save = t.pos;
        t.accept("full");
        t.accept("extended");
        t.accept("full");
        if (t.accept("tables")) {
            String schema = null;
            if (t.accept("from") || t.accept("in")) {
                schema = Analyzer.name(t);
            }
            filter(t);
            work.form = Form.SHOW_TABLES;
            work.formSchema = work.schemaFor(schema, "SHOW TABLES");
            return work.finish(null);
        }
        if (t.accept("columns") || t.accept("fields") || t.accept("index") || t.accept("indexes") || t.accept("keys")) {
            if (!(t.accept("from") || t.accept("in"))) {
                throw new Unsupported("SHOW COLUMNS and SHOW INDEX need FROM table");
            }
            Analyzer.QualifiedName table = Analyzer.qualifiedName(t);
            if (t.accept("from") || t.accept("in")) {
                String schema = Analyzer.name(t);
                table = new Analyzer.QualifiedName(schema, table.name(), table.first(), table.last());
            }
            filter(t);
            work.form = Form.DESCRIBE;
            return describe(analyzer, table, work, t.list);
        }
        t.pos = save;
        if (t.accept("databases") || t.accept("schemas")) {
            filter(t);
            work.form = Form.SHOW_DATABASES;
            return work.finish(null);
        }
        if (t.acceptAll("create", "table")) {
            Analyzer.QualifiedName table = Analyzer.qualifiedName(t);
            Analyzer.end(t);
            work.form = Form.SHOW_CREATE_TABLE;
            Analysis a = describe(analyzer, table, work, t.list);
            return a;
        }
        // Every other SHOW is server-level: kind SHOW on *.*.
        work.kind = StatementKind.SHOW;
        work.access(StatementKind.SHOW, "*", "*", WhereShape.NOT_APPLICABLE, 0);
        return work.finish(null);
    }

    /** {@code LIKE 'pattern'} or {@code WHERE expr} after a SHOW: filters of the listing only. */
    private static void filter(Tokens t) {
        if (t.accept("like")) {
            if (t.atEnd() || t.next().type() != Token.Type.STRING) {
                throw new Unsupported("SHOW ... LIKE needs a string");
            }
        } else if (t.is("where")) {
            throw new Unsupported(Verdict.UNKNOWN_KIND, "SHOW ... WHERE is not supported by Guard; use LIKE 'pattern'");
        }
        Analyzer.end(t);
    }

    /** SELECT on the table (and, for SHOW CREATE TABLE, a reference to every column of it). */
    static Analysis describe(Analyzer analyzer, Analyzer.QualifiedName table, Work work, List<Token> tokens) {
        String schema = work.schemaFor(table.schema(), table.name());
        work.kind = StatementKind.SELECT;
        work.access(StatementKind.SELECT, schema, table.name(), WhereShape.NOT_APPLICABLE, table.first());
        Catalog catalog = analyzer.catalog();
        var found = catalog.table(schema, table.name());
        if (found.isEmpty()) {
            work.unknown("table " + schema + "." + table.name());
        } else if (work.form == Form.SHOW_CREATE_TABLE) {
            for (String c : found.get().columns()) {
                work.referenced.add(new Analysis.ColumnRef(found.get().schema(), found.get().name(), Catalog.asciiLower(c)));
            }
        }
        return work.finish(Fingerprint.of(tokens, work));
    }
}
