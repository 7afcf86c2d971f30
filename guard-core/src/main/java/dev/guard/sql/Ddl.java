package dev.guard.sql;

import dev.guard.catalog.Catalog;
import dev.guard.policy.StatementKind;
import dev.guard.sql.Analysis.ColumnRef;
import dev.guard.sql.Analysis.Origin;
import dev.guard.sql.Analysis.Rename;
import dev.guard.sql.Analysis.Verdict;
import dev.guard.sql.Analysis.WhereShape;
import dev.guard.sql.Work.Unsupported;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Data definition (CREATE, ALTER, DROP, TRUNCATE, RENAME) and CALL, read from the token stream:
 * their shape is simple, and JSqlParser reads much of MySQL's DDL differently. Queries inside
 * them (CREATE TABLE ... SELECT, CREATE VIEW ... AS) go through the query walker.
 */
final class Ddl {

    private Ddl() {}

    private static final Set<String> ROUTINE_OBJECTS = Set.of("procedure", "function", "trigger", "event");
    private static final Set<String> ACCOUNT_OBJECTS = Set.of("user", "role");
    /** Engines whose tables read other tables or servers. */
    private static final Set<String> UNSAFE_ENGINES = Set.of("merge", "mrg_myisam", "federated", "connect", "spider");

    static Analysis analyse(Analyzer analyzer, Tokens t, List<Token> tokens, List<String> hints, String schema,
                            SqlMode mode, Work work) {
        String verb = t.next().value().toLowerCase(Locale.ROOT);
        switch (verb) {
            case "truncate" -> {
                t.accept("table");
                table(work, t, StatementKind.TRUNCATE, analyzer, false);
                Analyzer.end(t);
                work.kind = StatementKind.TRUNCATE;
                return work.finish(Fingerprint.of(tokens, work));
            }
            case "rename" -> {
                if (t.is("user")) {
                    throw accounts();
                }
                if (!(t.accept("table") || t.accept("tables"))) {
                    throw new Unsupported(Verdict.UNKNOWN_KIND, "RENAME covers RENAME TABLE only");
                }
                do {
                    Analyzer.QualifiedName from = Analyzer.qualifiedName(t);
                    Analyzer.expectWord(t, "to");
                    Analyzer.QualifiedName to = Analyzer.qualifiedName(t);
                    renameTable(analyzer, work, from, to);
                } while (t.accept(","));
                Analyzer.end(t);
                work.kind = StatementKind.RENAME;
                return work.finish(Fingerprint.of(tokens, work));
            }
            default -> { }
        }
        // CREATE/ALTER/DROP [OR REPLACE] [options] object
        t.acceptAll("or", "replace");
        boolean temporary = false;
        while (true) {
            if (t.is("definer") && t.is(1, "=")) {
                t.pos += 2;
                skipUser(t);
            } else if ((t.is("algorithm") && t.is(1, "=")) || (t.is("sql") && t.is(1, "security"))) {
                t.pos += 3;
            } else if (t.accept("temporary")) {
                temporary = true;
            } else if (t.accept("aggregate") || t.accept("online") || t.accept("offline") || t.accept("ignore")
                    || t.accept("unique") || t.accept("fulltext") || t.accept("spatial")) {
                continue;
            } else {
                break;
            }
        }
        if (t.atEnd()) {
            throw new Unsupported(verb.toUpperCase(Locale.ROOT) + " needs an object");
        }
        String object = t.next().value().toLowerCase(Locale.ROOT);
        StatementKind kind = StatementKind.valueOf(verb.toUpperCase(Locale.ROOT));
        if (ROUTINE_OBJECTS.contains(object)) {
            throw new Unsupported(Verdict.ALWAYS_DENIED, "procedures, functions, triggers and events run with rights Guard cannot see; they are never created, altered or dropped through Guard");
        }
        if (ACCOUNT_OBJECTS.contains(object)) {
            throw accounts();
        }
        if (object.equals("prepare") && verb.equals("drop")) {
            throw new Unsupported(Verdict.ALWAYS_DENIED, "dynamic SQL (DEALLOCATE/DROP PREPARE) is never run through Guard");
        }
        work.kind = kind;
        switch (object) {
            case "database", "schema" -> {
                if (verb.equals("drop") || verb.equals("create")) {
                    ifExists(t);
                }
                String s = t.atEnd() || !verb.equals("alter") || t.peek().isIdentifier() && !isOption(t.peek())
                        ? (t.atEnd() && verb.equals("alter") ? null : Analyzer.name(t)) : null;
                s = work.schemaFor(s, "ALTER DATABASE");
                work.access(kind, s, "*", WhereShape.NOT_APPLICABLE, 0);
                if (!verb.equals("create") && !analyzer.catalog().hasSchema(s) && !(verb.equals("drop") && ifExistsSeen)) {
                    work.unknown("schema " + s);
                }
                ifExistsSeen = false;
            }
            case "table", "tables" -> {
                switch (verb) {
                    case "create" -> createTable(analyzer, t, tokens, mode, work, temporary);
                    case "alter" -> alterTable(analyzer, t, work);
                    default -> dropTables(analyzer, t, work);
                }
            }
            case "view" -> {
                if (verb.equals("drop")) {
                    dropTables(analyzer, t, work);
                } else {
                    createView(analyzer, t, tokens, mode, work, kind);
                }
            }
            case "index", "key" -> {
                if (verb.equals("alter")) {
                    throw new Unsupported(Verdict.UNKNOWN_KIND, "ALTER INDEX is not MySQL");
                }
                Analyzer.name(t);
                skipIndexType(t);
                Analyzer.expectWord(t, "on");
                work.kind = StatementKind.ALTER;
                table(work, t, StatementKind.ALTER, analyzer, false);
                // Index column lists and options change no data.
            }
            default -> throw new Unsupported(Verdict.UNKNOWN_KIND, verb.toUpperCase(Locale.ROOT) + " " + object.toUpperCase(Locale.ROOT)
                    + " is not covered by Guard's policy language, so Guard does not run it");
        }
        return work.finish(Fingerprint.of(tokens, work));
    }

    /** Set by {@link #ifExists} for the statement being read (single-threaded use per call). */
    private static boolean ifExistsSeen;

    private static boolean isOption(Token t) {
        return t.is("character") || t.is("charset") || t.is("collate") || t.is("default") || t.is("encryption")
                || t.is("read") || t.is("upgrade");
    }

    private static Unsupported accounts() {
        return new Unsupported(Verdict.ALWAYS_DENIED, "accounts, roles and privileges are never managed through Guard");
    }

    private static boolean ifExists(Tokens t) {
        boolean seen = t.acceptAll("if", "exists") || t.acceptAll("if", "not", "exists");
        ifExistsSeen = seen;
        return seen;
    }

    private static void skipUser(Tokens t) {
        if (t.accept("current_user")) {
            if (t.accept("(")) {
                Analyzer.expectWord(t, ")");
            }
            return;
        }
        Analyzer.name(t);
        if (!t.atEnd() && t.peek().type() == Token.Type.USER_VAR) {
            t.pos++;
        } else if (t.accept("@")) {
            Analyzer.name(t);
        }
    }

    private static void skipIndexType(Tokens t) {
        if (t.accept("using")) {
            t.pos++;
        }
    }

    /** Reads a table name and records the access; returns the qualified name. */
    private static Analyzer.QualifiedName table(Work work, Tokens t, StatementKind kind, Analyzer analyzer, boolean mayBeAbsent) {
        Analyzer.QualifiedName name = Analyzer.qualifiedName(t);
        String schema = work.schemaFor(name.schema(), name.name());
        work.access(kind, schema, name.name(), WhereShape.NOT_APPLICABLE, name.first());
        work.tableSpans.put(name.first(), new Work.TableSpan(name.first(), name.last(), schema + "." + name.name()));
        if (!mayBeAbsent && analyzer.catalog().table(schema, name.name()).isEmpty()) {
            work.unknown("table " + schema + "." + name.name());
        }
        return new Analyzer.QualifiedName(schema, name.name(), name.first(), name.last());
    }

    private static void dropTables(Analyzer analyzer, Tokens t, Work work) {
        boolean ifExists = ifExists(t);
        do {
            table(work, t, StatementKind.DROP, analyzer, ifExists);
        } while (t.accept(","));
        if (!(t.accept("restrict") || t.accept("cascade"))) {
            Analyzer.end(t);
        }
        Analyzer.end(t);
    }

    private static void renameTable(Analyzer analyzer, Work work, Analyzer.QualifiedName from, Analyzer.QualifiedName to) {
        String fromSchema = work.schemaFor(from.schema(), from.name());
        String toSchema = work.schemaFor(to.schema(), to.name());
        work.access(StatementKind.RENAME, fromSchema, from.name(), WhereShape.NOT_APPLICABLE, from.first());
        work.access(StatementKind.RENAME, toSchema, to.name(), WhereShape.NOT_APPLICABLE, to.first());
        work.tableSpans.put(from.first(), new Work.TableSpan(from.first(), from.last(), fromSchema + "." + from.name()));
        work.tableSpans.put(to.first(), new Work.TableSpan(to.first(), to.last(), toSchema + "." + to.name()));
        var table = analyzer.catalog().table(fromSchema, from.name());
        if (table.isEmpty()) {
            work.unknown("table " + fromSchema + "." + from.name());
            return;
        }
        for (String c : table.get().columns()) {
            String col = Catalog.asciiLower(c);
            work.renames.add(new Rename(new ColumnRef(table.get().schema(), table.get().name(), col), new ColumnRef(toSchema, to.name(), col)));
        }
    }

    private static void alterTable(Analyzer analyzer, Tokens t, Work work) {
        Analyzer.QualifiedName name = table(work, t, StatementKind.ALTER, analyzer, false);
        var table = analyzer.catalog().table(name.schema(), name.name());
        // Specifications, separated by top-level commas.
        List<List<Token>> specs = Tokens.splitTopLevel(t.rest());
        for (List<Token> spec : specs) {
            Tokens s = new Tokens(spec);
            if (s.atEnd()) {
                throw new Unsupported("ALTER TABLE has an empty specification");
            }
            if (s.accept("rename")) {
                if (s.accept("column")) {
                    String from = Analyzer.name(s);
                    existing(table, name, from, work);
                    Analyzer.expectWord(s, "to");
                    String to = Analyzer.name(s);
                    Analyzer.end(s);
                    columnRename(name, from, to, work);
                } else if (s.accept("index") || s.accept("key")) {
                    continue;
                } else {
                    if (!s.accept("to")) {
                        s.accept("as");
                    }
                    Analyzer.QualifiedName to = Analyzer.qualifiedName(s);
                    Analyzer.end(s);
                    work.access(StatementKind.RENAME, name.schema(), name.name(), WhereShape.NOT_APPLICABLE, name.first());
                    renameTable(analyzer, work, new Analyzer.QualifiedName(name.schema(), name.name(), name.first(), name.last()), to);
                }
            } else if (s.accept("change")) {
                s.accept("column");
                String from = Analyzer.name(s);
                String to = Analyzer.name(s);
                existing(table, name, from, work);
                columnRename(name, from, to, work);
                generated(s.rest(), name, table, work);
            } else if ((s.is("drop") || s.is("modify") || s.is("alter")) && !isKeyword(s.peek(1))) {
                s.pos++;
                s.accept("column");
                existing(table, name, Analyzer.name(s), work);
                engineCheck(spec);
                generated(s.rest(), name, table, work);
            } else if (s.is("exchange") || s.is("discard") || s.is("import")) {
                throw new Unsupported(Verdict.UNKNOWN_KIND, "ALTER TABLE ... EXCHANGE, DISCARD and IMPORT move data or files; Guard does not run them");
            } else {
                engineCheck(spec);
                generated(spec, name, table, work);
            }
        }
    }

    /** Words after DROP, MODIFY or ALTER that name something other than a column. */
    private static boolean isKeyword(Token t) {
        return t != null && (t.is("index") || t.is("key") || t.is("primary") || t.is("foreign") || t.is("constraint")
                || t.is("check") || t.is("partition") || t.is("default"));
    }

    /** A column an ALTER TABLE specification changes must exist (the ones it adds are new names). */
    private static void existing(java.util.Optional<Catalog.Table> table, Analyzer.QualifiedName name, String column, Work work) {
        if (table.isPresent() && table.get().column(column).isEmpty()) {
            work.unknown("column " + name.schema() + "." + name.name() + "." + column);
        }
    }

    private static void columnRename(Analyzer.QualifiedName table, String from, String to, Work work) {
        if (!Catalog.equalsAsciiIgnoreCase(from, to)) {
            work.renames.add(new Rename(new ColumnRef(table.schema(), table.name(), Catalog.asciiLower(from)),
                    new ColumnRef(table.schema(), table.name(), Catalog.asciiLower(to))));
        }
    }

    /**
     * A generated column or expression default ({@code AS (expr)}, {@code DEFAULT (expr)})
     * stores values computed from the table's columns: those columns count as copied.
     */
    private static void generated(List<Token> spec, Analyzer.QualifiedName name, java.util.Optional<Catalog.Table> table, Work work) {
        if (table.isEmpty()) {
            return;
        }
        for (Token tok : spec) {
            if (tok.isIdentifier()) {
                table.get().column(tok.value()).ifPresent(c -> work.copied.add(
                        new Origin(new ColumnRef(table.get().schema(), table.get().name(), Catalog.asciiLower(c)), false)));
            }
        }
    }

    private static void engineCheck(List<Token> spec) {
        for (int i = 0; i + 2 < spec.size(); i++) {
            if (spec.get(i).is("engine") && spec.get(i + 1).is("=")
                    && UNSAFE_ENGINES.contains(spec.get(i + 2).value().toLowerCase(Locale.ROOT))) {
                throw new Unsupported(Verdict.UNKNOWN_KIND, "tables of the " + spec.get(i + 2).value() + " engine read other tables or servers; Guard does not create them");
            }
            if (spec.get(i).is("union") && spec.get(i + 1).is("=")) {
                throw new Unsupported(Verdict.UNKNOWN_KIND, "a UNION table option reads other tables; Guard does not allow it");
            }
        }
        for (int i = 0; i + 1 < spec.size(); i++) {
            if (spec.get(i).is("engine") && UNSAFE_ENGINES.contains(spec.get(i + 1).value().toLowerCase(Locale.ROOT))) {
                throw new Unsupported(Verdict.UNKNOWN_KIND, "tables of the " + spec.get(i + 1).value() + " engine read other tables or servers; Guard does not create them");
            }
        }
    }

    private static void createTable(Analyzer analyzer, Tokens t, List<Token> tokens, SqlMode mode, Work work, boolean temporary) {
        ifExists(t);
        Analyzer.QualifiedName name = Analyzer.qualifiedName(t);
        String schema = work.schemaFor(name.schema(), name.name());
        work.access(StatementKind.CREATE, schema, name.name(), WhereShape.NOT_APPLICABLE, name.first());
        work.tableSpans.put(name.first(), new Work.TableSpan(name.first(), name.last(), schema + "." + name.name()));
        if (temporary && analyzer.catalog().table(schema, name.name()).isPresent()) {
            throw new Unsupported(Verdict.ALWAYS_DENIED, "a temporary table may not take the name of an existing table: it would hide that table for the rest of the session");
        }
        engineCheck(t.rest());
        // LIKE other: copies the definition, not the data.
        if (t.accept("like") || (t.is("(") && t.is(1, "like"))) {
            boolean paren = false;
            if (t.accept("(")) {
                t.pos++;
                paren = true;
            }
            table(work, t, StatementKind.SELECT, analyzer, false);
            if (paren) {
                Analyzer.expectWord(t, ")");
            }
            Analyzer.end(t);
            return;
        }
        // Column definitions, then options, then an optional query.
        int depth = 0;
        int queryStart = -1;
        for (int i = t.pos; i < t.list.size(); i++) {
            Token tok = t.list.get(i);
            if (tok.is("(")) {
                if (depth == 0 && i + 1 < t.list.size() && (t.list.get(i + 1).is("select") || t.list.get(i + 1).is("with"))) {
                    queryStart = i;
                    break;
                }
                depth++;
            } else if (tok.is(")")) {
                depth--;
            } else if (depth == 0 && (tok.is("select") || tok.is("with") || tok.is("table") || tok.is("values"))) {
                queryStart = i;
                break;
            }
        }
        if (queryStart < 0) {
            return;
        }
        List<Token> query = t.list.subList(queryStart, t.list.size());
        Work inner = new Work(work.schema);
        inner.kind = StatementKind.SELECT;
        Analysis a = analyzer.statement(query, List.of(), work.schema, mode, 1);
        absorb(a, work);
    }

    private static void createView(Analyzer analyzer, Tokens t, List<Token> tokens, SqlMode mode, Work work, StatementKind kind) {
        ifExists(t);
        Analyzer.QualifiedName name = Analyzer.qualifiedName(t);
        String schema = work.schemaFor(name.schema(), name.name());
        work.access(kind, schema, name.name(), WhereShape.NOT_APPLICABLE, name.first());
        work.tableSpans.put(name.first(), new Work.TableSpan(name.first(), name.last(), schema + "." + name.name()));
        if (kind == StatementKind.ALTER && analyzer.catalog().table(schema, name.name()).isEmpty()) {
            work.unknown("view " + schema + "." + name.name());
        }
        if (t.is("(")) {
            while (!t.atEnd() && !t.is(")")) {
                t.pos++;
            }
            Analyzer.expectWord(t, ")");
        }
        Analyzer.expectWord(t, "as");
        List<Token> query = new ArrayList<>(t.rest());
        // WITH [CASCADED | LOCAL] CHECK OPTION ends the definition.
        int n = query.size();
        if (n >= 3 && query.get(n - 1).is("option") && query.get(n - 2).is("check")) {
            int cut = n - 3;
            if (query.get(cut).is("cascaded") || query.get(cut).is("local")) {
                cut--;
            }
            if (cut >= 0 && query.get(cut).is("with")) {
                query = query.subList(0, cut);
            }
        }
        Analysis a = analyzer.statement(query, List.of(), work.schema, mode, 1);
        absorb(a, work);
    }

    /** Merges a nested query's analysis into a DDL statement's: its reads count and its results are stored. */
    private static void absorb(Analysis a, Work work) {
        if (a.verdict() != Verdict.ANALYSED) {
            throw new Unsupported(a.verdict(), a.reason());
        }
        for (var access : a.accesses()) {
            work.access(access.kind(), access.schema(), access.table(), access.where(), Integer.MAX_VALUE);
        }
        work.referenced.addAll(a.referencedColumns());
        work.uses.addAll(a.predicateUses());
        work.copied.addAll(a.copied());
        for (var out : a.outputs()) {
            work.copied.addAll(out.origins());
        }
        for (String u : a.unknownObjects()) {
            work.unknown(u);
        }
    }

    /** CALL s.p(args): CALL on the routine itself; its arguments are read and handed to it. */
    static Analysis call(Analyzer analyzer, Tokens t, List<Token> tokens, String schema, SqlMode mode, Work work) {
        t.pos++;
        Analyzer.QualifiedName name = Analyzer.qualifiedName(t);
        String s = work.schemaFor(name.schema(), name.name());
        work.kind = StatementKind.CALL;
        work.access(StatementKind.CALL, s, name.name(), WhereShape.NOT_APPLICABLE, name.first());
        work.routineResult = true;
        if (analyzer.catalog().routine(s, name.name()).isEmpty()) {
            work.unknown("procedure " + s + "." + name.name());
        }
        if (t.accept("(")) {
            List<Token> args = new ArrayList<>(t.rest());
            if (args.isEmpty() || !args.get(args.size() - 1).is(")")) {
                throw new Unsupported("CALL arguments must end with )");
            }
            args = args.subList(0, args.size() - 1);
            if (!args.isEmpty()) {
                List<Token> select = new ArrayList<>();
                select.add(Analyzer.synthetic("SELECT"));
                select.addAll(args);
                Analysis a = analyzer.statement(select, List.of(), schema, mode, 1);
                absorb(a, work);
            }
        } else {
            Analyzer.end(t);
        }
        return work.finish(Fingerprint.of(tokens, work));
    }
}
