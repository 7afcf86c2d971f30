package dev.guard.sql;

import dev.guard.catalog.Catalog;
import dev.guard.policy.StatementKind;
import dev.guard.sql.Analysis.ColumnRef;
import dev.guard.sql.Analysis.Origin;
import dev.guard.sql.Analysis.OutputColumn;
import dev.guard.sql.Analysis.PredicateUse;
import dev.guard.sql.Analysis.Verdict;
import dev.guard.sql.Analysis.WhereShape;
import dev.guard.sql.Analysis.Write;
import dev.guard.sql.Work.Unsupported;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.*;
import net.sf.jsqlparser.expression.operators.arithmetic.*;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.*;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.*;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Walks JSqlParser's tree of a query or data-change statement: resolves every table and column
 * against the catalog, CTEs, derived tables and aliases as MySQL resolves them, and records table
 * accesses, referenced columns, result-column lineage, uses of values outside the select list,
 * stored values and written literals. Any node it does not know denies the statement.
 */
final class QueryWalker {

    /** A column that a FROM item provides, with the base columns its values come from. */
    record Col(String name, Set<Origin> origins) {}

    /** A FROM item visible in a query block. */
    static final class Source {
        final String alias;
        final String schema;
        final String table;
        final boolean base;
        final boolean known;
        final List<Col> cols;

        Source(String alias, String schema, String table, boolean base, boolean known, List<Col> cols) {
            this.alias = alias;
            this.schema = schema;
            this.table = table;
            this.base = base;
            this.known = known;
            this.cols = cols;
        }
    }

    /** A query block's names: its FROM items, CTEs and select-list aliases, with the enclosing block. */
    static final class Scope {
        final Scope parent;
        final List<Source> sources = new ArrayList<>();
        final Map<String, List<Col>> ctes = new HashMap<>();
        List<OutputColumn> items = List.of();

        Scope(Scope parent) {
            this.parent = parent;
        }

        List<Col> cte(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                List<Col> c = s.ctes.get(name);
                if (c != null) {
                    return c;
                }
            }
            return null;
        }
    }

    private final Analyzer analyzer;
    private final Catalog catalog;
    private final Work work;
    private final ParserInput input;
    private final List<Token> original;
    private final Map<Token, Integer> originalIndex = new IdentityHashMap<>();
    /** Column nodes the walk has accounted for, compared with the census at the end. */
    private final Set<Column> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    /** Sources that column resolution hit, for the real-WHERE check. */
    private final Set<Source> touched = new HashSet<>();
    private int viewDepth;

    private QueryWalker(Analyzer analyzer, List<Token> original, ParserInput input, Work work) {
        this.analyzer = analyzer;
        this.catalog = analyzer.catalog();
        this.work = work;
        this.input = input;
        this.original = original;
        for (int i = 0; i < original.size(); i++) {
            originalIndex.put(original.get(i), i);
        }
    }

    /** Parses {@code tokens} and records what the statement does into {@code work}. */
    static void walk(Analyzer analyzer, List<Token> original, List<Token> tokens, SqlMode mode, Work work, boolean noRows) {
        List<Token> prepared = new ArrayList<>(tokens.size());
        boolean into = rewrite(tokens, prepared);
        ParserInput input = new ParserInput(prepared, mode);
        Statement statement = parse(input.text);
        QueryWalker walker = new QueryWalker(analyzer, original, input, work);
        walker.statement(statement);
        walker.checkCensus(statement);
        if (into) {
            work.copyAllOutputs();
        }
        if (noRows) {
            work.copyAllOutputsAsReads();
        }
    }

    /**
     * Token rewrites for MySQL forms JSqlParser lacks, none of which changes meaning:
     * {@code LOCK IN SHARE MODE} is {@code FOR SHARE}; {@code x MOD y} is {@code x % y};
     * {@code INTO @a, @b} (a sink for the result) is removed and reported. {@code INTO OUTFILE}
     * and {@code INTO DUMPFILE} are denied.
     */
    private static boolean rewrite(List<Token> in, List<Token> out) {
        boolean into = false;
        for (int i = 0; i < in.size(); i++) {
            Token t = in.get(i);
            Token next = i + 1 < in.size() ? in.get(i + 1) : null;
            if (t.is("into") && next != null && (next.is("outfile") || next.is("dumpfile"))) {
                throw new Unsupported(Verdict.ALWAYS_DENIED, "SELECT ... INTO OUTFILE and INTO DUMPFILE write files on the server; Guard never runs them");
            }
            if (t.is("into") && next != null && next.type() == Token.Type.USER_VAR) {
                into = true;
                i++;
                while (i + 2 < in.size() && in.get(i + 1).is(",") && in.get(i + 2).type() == Token.Type.USER_VAR) {
                    i += 2;
                }
                continue;
            }
            if (t.is("lock") && i + 3 < in.size() && in.get(i + 1).is("in") && in.get(i + 2).is("share") && in.get(i + 3).is("mode")) {
                out.add(Analyzer.synthetic("FOR"));
                out.add(Analyzer.synthetic("SHARE"));
                i += 3;
                continue;
            }
            if (t.is("mod") && t.type() == Token.Type.WORD && (next == null || !next.is("("))) {
                out.add(new Token(Token.Type.OP, "%", "%", t.start(), t.end()));
                continue;
            }
            if (t.type() == Token.Type.WORD && i > 0 && !in.get(i - 1).is(".") && next != null && next.is("(")
                    && Analyzer.DENIED_FUNCTIONS.contains(t.value().toLowerCase(Locale.ROOT))) {
                throw new Unsupported(Verdict.ALWAYS_DENIED, deniedFunction(t.value()));
            }
            out.add(t);
        }
        return into;
    }

    static String deniedFunction(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.equals("LOAD_FILE")) {
            return "LOAD_FILE() reads files on the database server; Guard never runs it";
        }
        return n + "() can stall or lock the database for everyone; Guard never runs it";
    }

    private static Statement parse(String text) {
        try {
            CCJSqlParser parser = new CCJSqlParser(new StringProvider(text));
            parser.withAllowComplexParsing(false);
            Statement statement = parser.Statement();
            if (parser.getNextToken().kind != 0) {
                throw new Unsupported("the statement has text after its end");
            }
            if (statement == null) {
                throw new Unsupported("the statement does not parse");
            }
            return statement;
        } catch (Unsupported e) {
            throw e;
        } catch (Exception | Error e) {
            // JSqlParser's message quotes the (placeholder) text; say where, not what.
            throw new Unsupported("the statement does not parse as MySQL");
        }
    }

    /** Fails closed when JSqlParser's traversal finds a column node this walk never accounted for. */
    private void checkCensus(Statement statement) {
        Set<Column> all;
        try {
            all = ColumnCensus.of(statement);
        } catch (RuntimeException e) {
            throw new Unsupported("Guard could not check every column of this statement");
        }
        for (Column c : all) {
            if (!seen.contains(c)) {
                throw new Unsupported("Guard does not understand where '" + input.name(c.getColumnName())
                        + "' is used in this statement");
            }
        }
    }

    // ---- statements ----

    private void statement(Statement st) {
        if (st instanceof Select select) {
            if (work.kind == null) {
                work.kind = StatementKind.SELECT;
            }
            Scope scope = new Scope(null);
            work.outputs.addAll(select(select, scope, true));
        } else if (st instanceof Insert insert) {
            insert(insert);
        } else if (st instanceof Upsert upsert) {
            upsert(upsert);
        } else if (st instanceof Update update) {
            update(update);
        } else if (st instanceof Delete delete) {
            delete(delete);
        } else {
            throw new Unsupported(Verdict.UNKNOWN_KIND, "this statement form is not covered by Guard's policy language");
        }
    }

    private Scope withItems(List<WithItem<?>> items, Scope parent) {
        Scope scope = new Scope(parent);
        if (items == null) {
            return scope;
        }
        for (WithItem<?> item : items) {
            String name = input.name(item.getAlias().getName());
            Select body = item.getSelect();
            if (body == null) {
                throw new Unsupported("a WITH item must be a query");
            }
            List<String> names = new ArrayList<>();
            if (item.getWithItemList() != null) {
                for (SelectItem<?> si : item.getWithItemList()) {
                    names.add(input.name(si.toString()));
                }
            }
            List<OutputColumn> outs;
            if (item.isRecursive() && body instanceof ParenthesedSelect ps && ps.getSelect() instanceof SetOperationList union) {
                // The anchor defines the columns; the recursive branches add to their origins.
                Scope anchorScope = new Scope(scope);
                List<OutputColumn> anchor = select(union.getSelects().get(0), anchorScope, false);
                scope.ctes.put(name, cols(anchor, names));
                outs = select(body, new Scope(scope), false);
                scope.ctes.put(name, cols(outs, names));
                outs = select(body, new Scope(scope), false);
            } else {
                outs = select(body, new Scope(scope), false);
            }
            scope.ctes.put(name, cols(outs, names));
        }
        return scope;
    }

    private static List<Col> cols(List<OutputColumn> outs, List<String> names) {
        if (!names.isEmpty() && names.size() != outs.size()) {
            throw new Unsupported("a WITH column list does not match its query's columns");
        }
        List<Col> cols = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            cols.add(new Col(names.isEmpty() ? outs.get(i).label() : names.get(i), outs.get(i).origins()));
        }
        return cols;
    }

    /** Analyses a query expression; returns its result columns. */
    List<OutputColumn> select(Select select, Scope outer, boolean top) {
        Scope scope = withItems(select.getWithItemsList(), outer);
        if (select instanceof PlainSelect ps) {
            return plainSelect(ps, scope, top);
        }
        if (select instanceof ParenthesedSelect ps) {
            List<OutputColumn> outs = select(ps.getSelect(), scope, top);
            orderBy(ps.getOrderByElements(), scope, outs);
            return outs;
        }
        if (select instanceof SetOperationList union) {
            List<OutputColumn> result = null;
            for (Select branch : union.getSelects()) {
                List<OutputColumn> outs = select(branch, scope, top);
                if (result == null) {
                    result = new ArrayList<>(outs);
                } else {
                    if (outs.size() != result.size()) {
                        throw new Unsupported("the branches of a UNION have different numbers of columns");
                    }
                    for (int i = 0; i < outs.size(); i++) {
                        Set<Origin> merged = new LinkedHashSet<>(result.get(i).origins());
                        merged.addAll(outs.get(i).origins());
                        result.set(i, new OutputColumn(result.get(i).label(), merged));
                    }
                }
            }
            orderBy(union.getOrderByElements(), scope, result);
            return result;
        }
        if (select instanceof Values values) {
            List<OutputColumn> outs = new ArrayList<>();
            for (Expression row : valueRows(values)) {
                List<Expression> items = rowItems(row);
                for (int i = 0; i < items.size(); i++) {
                    Set<Origin> o = expr(items.get(i), scope);
                    if (outs.size() <= i) {
                        outs.add(new OutputColumn("column_" + i, o));
                    } else {
                        Set<Origin> merged = new LinkedHashSet<>(outs.get(i).origins());
                        merged.addAll(o);
                        outs.set(i, new OutputColumn(outs.get(i).label(), merged));
                    }
                }
            }
            return outs;
        }
        if (select instanceof TableStatement) {
            throw new Unsupported("TABLE inside another statement is not supported; write SELECT * FROM t");
        }
        throw new Unsupported("this kind of query is not supported");
    }

    /** The rows of VALUES: JSqlParser gives a single row as the row itself, several as a list of rows. */
    private static List<Expression> valueRows(Values values) {
        ExpressionList<?> list = values.getExpressions();
        if (list instanceof ParenthesedExpressionList<?>) {
            return List.of(list);
        }
        return new ArrayList<>(list);
    }

    private static List<Expression> rowItems(Expression row) {
        if (row instanceof RowConstructor<?> rc) {
            return new ArrayList<>(rc);
        }
        if (row instanceof Function f && f.getName().equalsIgnoreCase("row") && f.getParameters() != null) {
            return new ArrayList<>(f.getParameters());
        }
        if (row instanceof ParenthesedExpressionList<?> list) {
            return new ArrayList<>(list);
        }
        if (row instanceof ExpressionList<?> list) {
            return new ArrayList<>(list);
        }
        return List.of(row);
    }

    private List<OutputColumn> plainSelect(PlainSelect ps, Scope scope, boolean top) {
        if (ps.getIntoTables() != null && !ps.getIntoTables().isEmpty()) {
            throw new Unsupported(Verdict.UNKNOWN_KIND, "SELECT ... INTO a table is not MySQL");
        }
        if (ps.getForUpdateTable() != null || ps.getWait() != null) {
            throw new Unsupported("FOR UPDATE OF and WAIT are not supported");
        }
        int firstSource = scope.sources.size();
        if (ps.getFromItem() != null) {
            fromItem(ps.getFromItem(), scope);
        }
        if (ps.getJoins() != null) {
            for (Join join : ps.getJoins()) {
                join(join, scope);
            }
        }
        if (ps.getForMode() != null) {
            for (int i = firstSource; i < scope.sources.size(); i++) {
                Source s = scope.sources.get(i);
                if (s.base) {
                    work.access(StatementKind.UPDATE, s.schema, s.table, WhereShape.NOT_APPLICABLE, Integer.MAX_VALUE - 1);
                }
            }
        }
        List<OutputColumn> outs = new ArrayList<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllTableColumns atc) {
                Source s = findSource(scope, atc.getTable());
                if (s == null) {
                    work.unknown("table " + input.name(atc.getTable().getName()));
                    continue;
                }
                expandStar(s, outs);
            } else if (e instanceof AllColumns) {
                for (Source s : scope.sources) {
                    expandStar(s, outs);
                }
            } else {
                Set<Origin> origins = expr(e, scope);
                outs.add(new OutputColumn(label(item), origins));
            }
        }
        scope.items = outs;
        if (ps.getWhere() != null) {
            predicate(ps.getWhere(), scope, "WHERE");
        }
        if (ps.getGroupBy() != null) {
            for (Object g : ps.getGroupBy().getGroupByExpressionList()) {
                groupingUse((Expression) g, scope, "GROUP BY", true);
            }
            if (ps.getGroupBy().getGroupingSets() != null && !ps.getGroupBy().getGroupingSets().isEmpty()) {
                throw new Unsupported("GROUPING SETS are not MySQL");
            }
        }
        if (ps.getHaving() != null) {
            predicate(ps.getHaving(), scope, "HAVING");
        }
        if (ps.getWindowDefinitions() != null) {
            for (WindowDefinition w : ps.getWindowDefinitions()) {
                window(w, scope);
            }
        }
        orderBy(ps.getOrderByElements(), scope, outs);
        if (ps.getQualify() != null || ps.getKsqlWindow() != null || ps.getOracleHierarchical() != null
                || ps.getTop() != null || ps.getFirst() != null || ps.getSkip() != null || ps.getFetch() != null
                || ps.getPivot() != null || ps.getUnPivot() != null) {
            throw new Unsupported("this SELECT uses syntax that is not MySQL");
        }
        limit(ps.getLimit(), scope);
        return outs;
    }

    private void limit(Limit limit, Scope scope) {
        if (limit != null) {
            if (limit.getRowCount() != null) {
                expr(limit.getRowCount(), scope);
            }
            if (limit.getOffset() != null) {
                expr(limit.getOffset(), scope);
            }
        }
    }

    private void expandStar(Source s, List<OutputColumn> outs) {
        for (Col c : s.cols) {
            outs.add(new OutputColumn(c.name(), c.origins()));
            reference(s, c);
        }
    }

    private String label(SelectItem<?> item) {
        if (item.getAlias() != null) {
            return input.name(item.getAlias().getName());
        }
        Expression e = item.getExpression();
        if (e instanceof Column c) {
            return input.name(c.getColumnName());
        }
        return textOf(item);
    }

    /** The original text of a node, as MySQL labels an expression column. */
    private String textOf(ASTNodeAccess node) {
        Node n = node.getASTNode();
        if (n == null) {
            throw new Unsupported("a result column's label could not be determined");
        }
        Token first = input.tokenAtOffset(n.jjtGetFirstToken().absoluteBegin - 1);
        Token last = input.tokenAtOffset(n.jjtGetLastToken().absoluteBegin - 1);
        if (first == null || last == null) {
            throw new Unsupported("a result column's label could not be determined");
        }
        Integer a = originalIndex.get(first);
        Integer b = originalIndex.get(last);
        if (a == null || b == null) {
            return first.text();
        }
        StringBuilder out = new StringBuilder();
        for (int i = a; i <= b; i++) {
            Token t = original.get(i);
            if (i > a && t.start() > original.get(i - 1).end()) {
                out.append(' ');
            }
            out.append(t.text());
        }
        return out.toString();
    }

    // ---- FROM ----

    private void fromItem(FromItem item, Scope scope) {
        if (item instanceof Table table) {
            scope.sources.add(tableSource(table, scope, StatementKind.SELECT));
        } else if (item instanceof ParenthesedSelect ps) {
            List<OutputColumn> outs = select(ps, new Scope(scope), false);
            String alias = ps.getAlias() == null ? null : input.name(ps.getAlias().getName());
            List<String> names = aliasColumns(ps.getAlias());
            scope.sources.add(new Source(alias, null, null, false, true, cols(outs, names)));
        } else if (item instanceof ParenthesedFromItem pfi) {
            fromItem(pfi.getFromItem(), scope);
            if (pfi.getJoins() != null) {
                for (Join j : pfi.getJoins()) {
                    join(j, scope);
                }
            }
            if (pfi.getAlias() != null) {
                throw new Unsupported("an alias on a parenthesised join is not MySQL");
            }
        } else if (item instanceof LateralSubSelect) {
            throw new Unsupported("LATERAL derived tables are not supported yet");
        } else {
            throw new Unsupported("this kind of FROM item is not supported");
        }
    }

    private static List<String> aliasColumns(Alias alias) {
        List<String> names = new ArrayList<>();
        if (alias != null && alias.getAliasColumns() != null) {
            for (Alias.AliasColumn c : alias.getAliasColumns()) {
                names.add(c.name);
            }
        }
        return names;
    }

    private void join(Join join, Scope scope) {
        if (join.isApply() || join.getJoinWindow() != null) {
            throw new Unsupported("this JOIN form is not MySQL");
        }
        int before = scope.sources.size();
        fromItem(join.getFromItem(), scope);
        if (join.getOnExpressions() != null) {
            for (Expression on : join.getOnExpressions()) {
                predicate(on, scope, "JOIN ... ON");
            }
        }
        if (join.getUsingColumns() != null) {
            for (Column c : join.getUsingColumns()) {
                seen.add(c);
                String name = input.name(c.getColumnName());
                for (int i = 0; i < scope.sources.size(); i++) {
                    Source s = scope.sources.get(i);
                    for (Col col : s.cols) {
                        if (Catalog.equalsAsciiIgnoreCase(col.name(), name)) {
                            reference(s, col);
                            work.uses.add(new PredicateUse(col.origins(), true, "JOIN ... USING"));
                        }
                    }
                }
            }
        }
        if (join.isNatural()) {
            Source right = scope.sources.get(before);
            for (Col col : right.cols) {
                for (int i = 0; i < before; i++) {
                    for (Col other : scope.sources.get(i).cols) {
                        if (Catalog.equalsAsciiIgnoreCase(other.name(), col.name())) {
                            work.uses.add(new PredicateUse(col.origins(), true, "NATURAL JOIN"));
                            work.uses.add(new PredicateUse(other.origins(), true, "NATURAL JOIN"));
                        }
                    }
                }
            }
        }
    }

    private Source tableSource(Table table, Scope scope, StatementKind kind) {
        if (table.getDatabaseName() != null || table.getASTNode() == null && table.getName() == null) {
            throw new Unsupported("a table name has too many parts");
        }
        String name = input.name(table.getName());
        String qualifier = input.name(table.getSchemaName());
        String alias = table.getAlias() == null ? name : input.name(table.getAlias().getName());
        if (table.getAlias() != null && table.getAlias().getAliasColumns() != null) {
            throw new Unsupported("column aliases on a table, and PARTITION selection, are not supported");
        }
        if (qualifier == null && name.equalsIgnoreCase("dual") && !table.toString().contains("`")) {
            return new Source(alias, null, null, false, true, List.of()); // FROM DUAL reads no table
        }
        if (qualifier == null) {
            List<Col> cte = scope.cte(name);
            if (cte != null) {
                return new Source(alias, null, null, false, true, cte);
            }
        }
        String schema = work.schemaFor(qualifier, name);
        int position = position(table);
        work.access(kind, schema, name, WhereShape.NOT_APPLICABLE, position);
        spanOf(table, schema, name);
        return catalogSource(schema, name, alias);
    }

    /** A base table or view from the catalog (unknown ones are recorded and have no columns). */
    private Source catalogSource(String schema, String name, String alias) {
        var found = catalog.table(schema, name);
        if (found.isEmpty()) {
            work.unknown("table " + schema + "." + name);
            return new Source(alias, schema, name, true, false, List.of());
        }
        Catalog.Table t = found.get();
        List<Col> cols = new ArrayList<>();
        if (t.isView()) {
            List<OutputColumn> outs = viewColumns(t);
            for (int i = 0; i < t.columns().size() && i < outs.size(); i++) {
                cols.add(new Col(t.columns().get(i), outs.get(i).origins()));
            }
        } else {
            for (String c : t.columns()) {
                cols.add(new Col(c, Set.of(new Origin(new ColumnRef(t.schema(), t.name(), Catalog.asciiLower(c)), true))));
            }
        }
        return new Source(alias, t.schema(), t.name(), true, true, cols);
    }

    /** A view's columns carry the lineage of its query, analysed in the view's schema. */
    private List<OutputColumn> viewColumns(Catalog.Table view) {
        if (viewDepth > 8) {
            throw new Unsupported("views nested this deeply are not supported");
        }
        Lexed lexed = Lexer.lex(view.viewQuery(), SqlMode.DEFAULT);
        if (!lexed.ok() || lexed.statements().size() != 1) {
            throw new Unsupported("the definition of view " + view.schema() + "." + view.name() + " cannot be read");
        }
        Work inner = new Work(view.schema());
        List<Token> tokens = lexed.statements().get(0);
        ParserInput viewInput = new ParserInput(tokens, SqlMode.DEFAULT);
        QueryWalker walker = new QueryWalker(analyzer, tokens, viewInput, inner);
        walker.viewDepth = viewDepth + 1;
        Statement st = parse(viewInput.text);
        if (!(st instanceof Select select)) {
            throw new Unsupported("the definition of view " + view.schema() + "." + view.name() + " is not a query");
        }
        return walker.select(select, new Scope(null), false);
    }

    private int position(ASTNodeAccess node) {
        Node n = node.getASTNode();
        return n == null ? Integer.MAX_VALUE : n.jjtGetFirstToken().absoluteBegin - 1;
    }

    /** Remembers where a table name stands in the original tokens, for the fingerprint. */
    private void spanOf(Table table, String schema, String name) {
        Node n = table.getASTNode();
        if (n == null) {
            return;
        }
        Integer a = originalIndex.get(input.tokenAtOffset(n.jjtGetFirstToken().absoluteBegin - 1));
        if (a == null) {
            return;
        }
        // The name ends at the table name token; an alias may follow inside the node.
        int b = a;
        if (b + 2 < original.size() && original.get(b + 1).is(".") && original.get(b + 2).isIdentifier()
                && original.get(b + 1).start() >= 0) {
            b += 2;
        }
        work.tableSpans.put(a, new Work.TableSpan(a, b, schema + "." + name));
    }

    private Source findSource(Scope scope, Table qualifier) {
        String alias = input.name(qualifier.getName());
        String schema = input.name(qualifier.getSchemaName());
        for (Scope s = scope; s != null; s = s.parent) {
            for (Source src : s.sources) {
                if (schema == null ? alias.equals(src.alias) : (schema.equals(src.schema) && alias.equals(src.table))) {
                    return src;
                }
            }
        }
        return null;
    }

    // ---- columns ----

    /** A column referenced anywhere references its base columns (through derived tables too). */
    private void reference(Source s, Col c) {
        for (Origin o : c.origins()) {
            work.referenced.add(o.column());
        }
        touched.add(s);
    }

    /** Resolves a column reference as MySQL does: innermost block first. */
    private Set<Origin> column(Column column, Scope scope, boolean aliasesFirst) {
        seen.add(column);
        String name = input.name(column.getColumnName());
        Table qualifier = column.getTable();
        if (qualifier != null && qualifier.getName() != null) {
            if (qualifier.getDatabaseName() != null) {
                throw new Unsupported("a column name has too many parts");
            }
            Source s = findSource(scope, qualifier);
            if (s == null) {
                work.unknown("table " + input.name(qualifier.getName()));
                return Set.of();
            }
            for (Col c : s.cols) {
                if (Catalog.equalsAsciiIgnoreCase(c.name(), name)) {
                    reference(s, c);
                    return c.origins();
                }
            }
            if (s.known) {
                work.unknown("column " + input.name(qualifier.getName()) + "." + name);
            }
            return Set.of();
        }
        for (Scope s = scope; s != null; s = s.parent) {
            if (aliasesFirst && s == scope) {
                Set<Origin> alias = selectAlias(s, name);
                if (alias != null) {
                    return alias;
                }
            }
            Set<Origin> found = null;
            for (Source src : s.sources) {
                for (Col c : src.cols) {
                    if (Catalog.equalsAsciiIgnoreCase(c.name(), name)) {
                        reference(src, c);
                        if (found == null) {
                            found = new LinkedHashSet<>(c.origins());
                        } else {
                            // Ambiguous to MySQL unless joined with USING; either way keep every origin.
                            found.addAll(c.origins());
                        }
                    }
                }
            }
            if (found != null) {
                return found;
            }
            if (!aliasesFirst && s == scope) {
                Set<Origin> alias = selectAlias(s, name);
                if (alias != null) {
                    return alias;
                }
            }
            for (Source src : s.sources) {
                if (!src.known) {
                    return Set.of(); // already reported as an unknown table
                }
            }
        }
        work.unknown("column " + name);
        return Set.of();
    }

    private static Set<Origin> selectAlias(Scope s, String name) {
        for (OutputColumn item : s.items) {
            if (Catalog.equalsAsciiIgnoreCase(item.label(), name)) {
                return item.origins();
            }
        }
        return null;
    }

    // ---- expressions ----

    private static Set<Origin> derived(Set<Origin> origins) {
        if (origins.isEmpty()) {
            return origins;
        }
        Set<Origin> out = new LinkedHashSet<>();
        for (Origin o : origins) {
            out.add(o.bare() ? new Origin(o.column(), false) : o);
        }
        return out;
    }

    private Set<Origin> union(Scope scope, Expression... parts) {
        Set<Origin> out = new LinkedHashSet<>();
        for (Expression p : parts) {
            if (p != null) {
                out.addAll(expr(p, scope));
            }
        }
        return derived(out);
    }

    private Set<Origin> unionAll(Scope scope, List<? extends Expression> parts) {
        Set<Origin> out = new LinkedHashSet<>();
        if (parts != null) {
            for (Expression p : parts) {
                out.addAll(expr(p, scope));
            }
        }
        return derived(out);
    }

    /** The origins of an expression's value; bare only for a plain column (or a scalar subquery of one). */
    Set<Origin> expr(Expression e, Scope scope) {
        if (e == null) {
            return Set.of();
        }
        if (e instanceof Column c) {
            if (c.getColumnName().equalsIgnoreCase("binary") || c.getColumnName().toUpperCase(Locale.ROOT).startsWith("BINARY ")) {
                throw new Unsupported("BINARY as an operator is not supported; use CAST(x AS BINARY)");
            }
            return column(c, scope, false);
        }
        if (e instanceof StringValue || e instanceof LongValue || e instanceof DoubleValue || e instanceof HexValue
                || e instanceof NullValue || e instanceof BooleanValue || e instanceof JdbcParameter
                || e instanceof DateTimeLiteralExpression || e instanceof TimeKeyExpression || e instanceof DateValue
                || e instanceof TimeValue || e instanceof TimestampValue) {
            return Set.of();
        }
        if (e instanceof UserVariable) {
            return Set.of(); // @u and @@system values are set elsewhere; masked data never reaches them
        }
        if (e instanceof ParenthesedExpressionList<?> list) {
            if (list.size() == 1) {
                return expr(list.get(0), scope);
            }
            return unionAll(scope, list);
        }
        if (e instanceof ExpressionList<?> list) {
            return unionAll(scope, list);
        }
        if (e instanceof ParenthesedSelect ps) {
            List<OutputColumn> outs = select(ps, new Scope(scope), false);
            if (outs.size() == 1) {
                return outs.get(0).origins();
            }
            Set<Origin> all = new LinkedHashSet<>();
            outs.forEach(o -> all.addAll(o.origins()));
            return derived(all);
        }
        if (e instanceof Select s) {
            List<OutputColumn> outs = select(s, new Scope(scope), false);
            Set<Origin> all = new LinkedHashSet<>();
            outs.forEach(o -> all.addAll(o.origins()));
            return derived(all);
        }
        if (e instanceof ExistsExpression ex) {
            expr(ex.getRightExpression(), scope);
            return Set.of();
        }
        if (e instanceof Function f) {
            return function(f, scope);
        }
        if (e instanceof AnalyticExpression a) {
            return analytic(a, scope);
        }
        if (e instanceof VariableAssignment va) {
            Set<Origin> value = expr(va.getExpression(), scope);
            work.copied.addAll(value);
            return derived(value);
        }
        if (e instanceof CaseExpression c) {
            Set<Origin> out = new LinkedHashSet<>(expr(c.getSwitchExpression(), scope));
            for (WhenClause w : c.getWhenClauses()) {
                out.addAll(expr(w.getWhenExpression(), scope));
                out.addAll(expr(w.getThenExpression(), scope));
            }
            out.addAll(expr(c.getElseExpression(), scope));
            return derived(out);
        }
        if (e instanceof CastExpression c) {
            if (c.getColumnDefinitions() != null && !c.getColumnDefinitions().isEmpty()) {
                throw new Unsupported("CAST with a row type is not MySQL");
            }
            return union(scope, c.getLeftExpression());
        }
        if (e instanceof TranscodingFunction t) {
            return union(scope, t.getExpression());
        }
        if (e instanceof TrimFunction t) {
            return union(scope, t.getExpression(), t.getFromExpression());
        }
        if (e instanceof ExtractExpression x) {
            return union(scope, x.getExpression());
        }
        if (e instanceof IntervalExpression i) {
            return union(scope, i.getExpression());
        }
        if (e instanceof CollateExpression c) {
            return union(scope, c.getLeftExpression());
        }
        if (e instanceof SignedExpression s) {
            return union(scope, s.getExpression());
        }
        if (e instanceof NotExpression n) {
            return union(scope, n.getExpression());
        }
        if (e instanceof InExpression in) {
            return union(scope, in.getLeftExpression(), in.getRightExpression());
        }
        if (e instanceof Between b) {
            return union(scope, b.getLeftExpression(), b.getBetweenExpressionStart(), b.getBetweenExpressionEnd());
        }
        if (e instanceof IsNullExpression n) {
            return union(scope, n.getLeftExpression());
        }
        if (e instanceof IsBooleanExpression n) {
            return union(scope, n.getLeftExpression());
        }
        if (e instanceof LikeExpression l) {
            return union(scope, l.getLeftExpression(), l.getRightExpression(), l.getEscape());
        }
        if (e instanceof FullTextSearch f) {
            Set<Origin> out = new LinkedHashSet<>();
            for (Column c : f.getMatchColumns()) {
                out.addAll(column(c, scope, false));
            }
            out.addAll(expr(f.getAgainstValue(), scope));
            return derived(out);
        }
        if (e instanceof MemberOfExpression m) {
            return union(scope, m.getLeftExpression(), m.getRightExpression());
        }
        if (e instanceof JsonExpression j) {
            Set<Origin> out = new LinkedHashSet<>(expr(j.getExpression(), scope));
            for (var ident : j.getIdentList()) {
                out.addAll(expr(ident.getKey(), scope));
            }
            return derived(out);
        }
        if (e instanceof JsonFunction j) {
            Set<Origin> out = new LinkedHashSet<>();
            for (JsonFunctionExpression x : j.getExpressions()) {
                out.addAll(expr(x.getExpression(), scope));
            }
            for (JsonKeyValuePair kv : j.getKeyValuePairs()) {
                if (kv.getKey() instanceof Expression k) {
                    out.addAll(expr(k, scope));
                }
                if (kv.getValue() instanceof Expression v) {
                    out.addAll(expr(v, scope));
                }
            }
            return derived(out);
        }
        if (e instanceof AnyComparisonExpression any) {
            return union(scope, any.getSelect());
        }
        if (e instanceof RowConstructor<?> rc) {
            return unionAll(scope, rc);
        }
        if (e instanceof CosineSimilarity cs && "<=>".equals(cs.getStringExpression())) {
            return union(scope, cs.getLeftExpression(), cs.getRightExpression());
        }
        if (e instanceof BinaryExpression b && isMySqlBinary(b)) {
            return union(scope, b.getLeftExpression(), b.getRightExpression());
        }
        throw new Unsupported("Guard does not support the expression '" + e.getClass().getSimpleName() + "' here");
    }

    private static boolean isMySqlBinary(BinaryExpression b) {
        return b instanceof Addition || b instanceof Subtraction || b instanceof Multiplication || b instanceof Division
                || b instanceof IntegerDivision || b instanceof Modulo || b instanceof BitwiseAnd || b instanceof BitwiseOr
                || b instanceof BitwiseXor || b instanceof BitwiseLeftShift || b instanceof BitwiseRightShift
                || b instanceof Concat || b instanceof AndExpression || b instanceof OrExpression || b instanceof XorExpression
                || b instanceof EqualsTo || b instanceof NotEqualsTo || b instanceof GreaterThan || b instanceof GreaterThanEquals
                || b instanceof MinorThan || b instanceof MinorThanEquals || b instanceof LikeExpression;
    }

    private Set<Origin> function(Function f, Scope scope) {
        if (f.getMultipartName() != null && f.getMultipartName().size() > 1) {
            throw new Unsupported(Verdict.ALWAYS_DENIED, "stored and loadable functions run with rights Guard cannot see; call only built-in functions");
        }
        if (f.getName().startsWith("`")) {
            // A quoted name is never a keyword function: MySQL looks it up as a stored function.
            throw new Unsupported(Verdict.ALWAYS_DENIED, "a quoted function name calls a stored or loadable function, which runs with rights Guard cannot see; write built-in functions unquoted");
        }
        String name = input.name(f.getName()).toLowerCase(Locale.ROOT);
        if (Analyzer.DENIED_FUNCTIONS.contains(name)) {
            throw new Unsupported(Verdict.ALWAYS_DENIED, deniedFunction(name));
        }
        if (!BuiltinFunctions.isBuiltin(name)) {
            throw new Unsupported(Verdict.ALWAYS_DENIED, "'" + name + "' is not a MySQL built-in function; stored and loadable functions run with rights Guard cannot see");
        }
        if (f.getKeep() != null || f.getAttribute() != null) {
            throw new Unsupported("this function call syntax is not MySQL");
        }
        Set<Origin> out = new LinkedHashSet<>();
        if (f.getParameters() != null) {
            for (Object p : f.getParameters()) {
                if (p instanceof AllColumns) {
                    continue;
                }
                out.addAll(expr((Expression) p, scope));
            }
        }
        if (f.getNamedParameters() != null) {
            // POSITION(a IN b), SUBSTRING(a FROM b FOR c), ...: the keyword-separated arguments.
            for (Object p : f.getNamedParameters()) {
                out.addAll(expr((Expression) p, scope));
            }
        }
        if (f.getKeywordArguments() != null) {
            // GROUP_CONCAT(... SEPARATOR s), CHAR(... USING cs), ...
            for (Function.KeywordArgument k : f.getKeywordArguments()) {
                out.addAll(expr(k.getExpression(), scope));
            }
        }
        if (f.getOrderByElements() != null) {
            for (OrderByElement o : f.getOrderByElements()) {
                out.addAll(expr(o.getExpression(), scope));
            }
        }
        if (name.equals("count")) {
            return Set.of(); // COUNT(*), COUNT(c), COUNT(DISTINCT c) reveal no value
        }
        return derived(out);
    }

    private Set<Origin> analytic(AnalyticExpression a, Scope scope) {
        String name = a.getName().toLowerCase(Locale.ROOT);
        if (!BuiltinFunctions.isBuiltin(name)) {
            throw new Unsupported(Verdict.ALWAYS_DENIED, "'" + name + "' is not a MySQL built-in function");
        }
        Set<Origin> out = new LinkedHashSet<>();
        out.addAll(expr(a.getExpression(), scope));
        out.addAll(expr(a.getOffset(), scope));
        out.addAll(expr(a.getDefaultValue(), scope));
        if (a.getFilterExpression() != null || a.getKeep() != null) {
            throw new Unsupported("this window function syntax is not MySQL");
        }
        if (a.getWindowName() == null && a.getWindowDefinition() != null) {
            window(a.getWindowDefinition(), scope);
        } else if (a.getPartitionExpressionList() != null || a.getOrderByElements() != null) {
            if (a.getPartitionExpressionList() != null) {
                for (Object p : a.getPartitionExpressionList()) {
                    groupingUse((Expression) p, scope, "PARTITION BY", false);
                }
            }
            if (a.getOrderByElements() != null) {
                for (OrderByElement o : a.getOrderByElements()) {
                    work.uses.add(new PredicateUse(derived(expr(o.getExpression(), scope)), false, "window ORDER BY"));
                }
            }
        }
        if (name.equals("count")) {
            return Set.of();
        }
        return derived(out);
    }

    private void window(WindowDefinition w, Scope scope) {
        if (w == null) {
            return;
        }
        if (w.getPartitionExpressionList() != null) {
            for (Object p : w.getPartitionExpressionList()) {
                groupingUse((Expression) p, scope, "PARTITION BY", false);
            }
        }
        if (w.getOrderByElements() != null) {
            for (OrderByElement o : w.getOrderByElements()) {
                work.uses.add(new PredicateUse(derived(expr(o.getExpression(), scope)), false, "window ORDER BY"));
            }
        }
    }

    // ---- uses outside the select list ----

    /** GROUP BY and PARTITION BY: a bare column is an equality use; anything else is not. */
    private void groupingUse(Expression e, Scope scope, String clause, boolean aliases) {
        Expression inner = unwrap(e);
        if (inner instanceof LongValue lv && aliases) {
            positional(lv, scope, clause, true);
            return;
        }
        if (inner instanceof Column c) {
            work.uses.add(new PredicateUse(column(c, scope, false), true, clause));
        } else {
            work.uses.add(new PredicateUse(derived(expr(e, scope)), false, clause));
        }
    }

    private void positional(LongValue lv, Scope scope, String clause, boolean equality) {
        long p = lv.getValue();
        if (p < 1 || p > scope.items.size()) {
            work.unknown(clause + " position " + p);
            return;
        }
        Set<Origin> o = scope.items.get((int) p - 1).origins();
        work.uses.add(new PredicateUse(equality ? o : derived(o), equality, clause));
    }

    /** ORDER BY, by expression, alias or position: always a use that reveals order. */
    private void orderBy(List<OrderByElement> elements, Scope scope, List<OutputColumn> outs) {
        if (elements == null) {
            return;
        }
        Scope withItems = scope;
        if (scope.items != outs) {
            withItems = new Scope(scope.parent);
            withItems.sources.addAll(scope.sources);
            withItems.items = outs;
        }
        for (OrderByElement o : elements) {
            Expression e = unwrap(o.getExpression());
            if (e instanceof LongValue lv) {
                positional(lv, withItems, "ORDER BY", false);
            } else if (e instanceof Column c && (c.getTable() == null || c.getTable().getName() == null)) {
                work.uses.add(new PredicateUse(derived(column(c, withItems, true)), false, "ORDER BY"));
            } else {
                work.uses.add(new PredicateUse(derived(expr(o.getExpression(), withItems)), false, "ORDER BY"));
            }
        }
    }

    private static Expression unwrap(Expression e) {
        while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            e = p.get(0);
        }
        return e;
    }

    private static boolean simpleOperand(Expression e) {
        e = unwrap(e);
        if (e instanceof SignedExpression s && (s.getSign() == '-' || s.getSign() == '+')) {
            e = unwrap(s.getExpression());
        }
        return e instanceof Column || e instanceof StringValue || e instanceof LongValue || e instanceof DoubleValue
                || e instanceof HexValue || e instanceof NullValue || e instanceof BooleanValue || e instanceof JdbcParameter
                || e instanceof DateTimeLiteralExpression;
    }

    /** A condition in WHERE, ON or HAVING. */
    void predicate(Expression e, Scope scope, String clause) {
        Expression x = unwrap(e);
        if (x instanceof AndExpression || x instanceof OrExpression || x instanceof XorExpression) {
            BinaryExpression b = (BinaryExpression) x;
            predicate(b.getLeftExpression(), scope, clause);
            predicate(b.getRightExpression(), scope, clause);
            return;
        }
        if (x instanceof NotExpression n) {
            predicate(n.getExpression(), scope, clause);
            return;
        }
        if (x instanceof EqualsTo || x instanceof NotEqualsTo
                || x instanceof CosineSimilarity cs && "<=>".equals(cs.getStringExpression())) {
            BinaryExpression b = (BinaryExpression) x;
            if (b.getRightExpression() instanceof AnyComparisonExpression) {
                other(x, scope, clause);
                return;
            }
            List<Expression> operands = List.of(b.getLeftExpression(), b.getRightExpression());
            equalityOperands(operands, scope, clause);
            return;
        }
        if (x instanceof InExpression in && !in.isGlobal() && in.getRightExpression() instanceof ExpressionList<?> list
                && !(in.getRightExpression() instanceof Select)) {
            List<Expression> operands = new ArrayList<>();
            operands.add(in.getLeftExpression());
            operands.addAll(list);
            equalityOperands(operands, scope, clause);
            return;
        }
        if (x instanceof IsNullExpression n) {
            equalityOperands(List.of(n.getLeftExpression()), scope, clause);
            return;
        }
        other(x, scope, clause);
    }

    private void other(Expression x, Scope scope, String clause) {
        work.uses.add(new PredicateUse(derived(expr(x, scope)), false, clause));
    }

    /** Operands of =, <=>, <>, !=, IN (list), IS NULL: bare columns compared with simple operands are equality uses. */
    private void equalityOperands(List<Expression> operands, Scope scope, String clause) {
        for (int i = 0; i < operands.size(); i++) {
            Expression op = unwrap(operands.get(i));
            boolean othersSimple = true;
            for (int j = 0; j < operands.size(); j++) {
                if (j != i && !simpleOperand(operands.get(j))) {
                    othersSimple = false;
                }
            }
            if (op instanceof Column c) {
                Set<Origin> o = expr(c, scope);
                work.uses.add(new PredicateUse(othersSimple ? o : derived(o), othersSimple, clause));
            } else {
                work.uses.add(new PredicateUse(derived(expr(op, scope)), false, clause));
            }
        }
    }

    // ---- INSERT, REPLACE, UPDATE, DELETE ----

    private void insert(Insert insert) {
        Scope scope = withItems(insert.getWithItemsList(), null);
        if (insert.getOutputClause() != null || insert.getReturningClause() != null || insert.getConflictAction() != null) {
            throw new Unsupported("this INSERT syntax is not MySQL");
        }
        Source target = writeTarget(insert.getTable(), scope, StatementKind.INSERT);
        List<Col> columns = targetColumns(target, insert.getColumns());
        storeRows(target, columns, insert.getSelect(), insert.getSetUpdateSets(), scope);
        if (insert.getDuplicateUpdateSets() != null && !insert.getDuplicateUpdateSets().isEmpty()) {
            work.access(StatementKind.UPDATE, target.schema, target.table, WhereShape.NONE, position(insert.getTable()));
            Scope dup = new Scope(scope);
            dup.sources.add(target);
            updateSets(insert.getDuplicateUpdateSets(), dup, target);
        }
    }

    private void upsert(Upsert upsert) {
        if (upsert.getUpsertType() != null && !upsert.getUpsertType().name().startsWith("REPLACE")) {
            throw new Unsupported("UPSERT is not MySQL");
        }
        Scope scope = new Scope(null);
        Source target = writeTarget(upsert.getTable(), scope, StatementKind.REPLACE);
        List<Col> columns = targetColumns(target, upsert.getColumns());
        storeRows(target, columns, upsert.getSelect(), upsert.getUpdateSets(), scope);
        if (upsert.getDuplicateUpdateSets() != null && !upsert.getDuplicateUpdateSets().isEmpty()) {
            throw new Unsupported("REPLACE has no ON DUPLICATE KEY UPDATE");
        }
    }

    private Source writeTarget(Table table, Scope scope, StatementKind kind) {
        String name = input.name(table.getName());
        String schema = work.schemaFor(input.name(table.getSchemaName()), name);
        work.access(kind, schema, name, WhereShape.NOT_APPLICABLE, position(table));
        spanOf(table, schema, name);
        String alias = table.getAlias() == null ? name : input.name(table.getAlias().getName());
        return catalogSource(schema, name, alias);
    }

    private List<Col> targetColumns(Source target, ExpressionList<Column> listed) {
        if (listed == null || listed.isEmpty()) {
            return target.cols;
        }
        List<Col> out = new ArrayList<>();
        for (Column c : listed) {
            seen.add(c);
            String name = input.name(c.getColumnName());
            Col found = null;
            for (Col col : target.cols) {
                if (Catalog.equalsAsciiIgnoreCase(col.name(), name)) {
                    found = col;
                }
            }
            if (found == null) {
                if (target.known) {
                    work.unknown("column " + target.table + "." + name);
                }
                found = new Col(name, Set.of());
            } else {
                reference(target, found);
            }
            out.add(found);
        }
        return out;
    }

    /** The rows an INSERT or REPLACE stores: VALUES lists, a query, or SET assignments. */
    private void storeRows(Source target, List<Col> columns, Select select, List<UpdateSet> sets, Scope scope) {
        if (sets != null && !sets.isEmpty()) {
            updateSets(sets, scope, target);
            return;
        }
        if (select == null) {
            throw new Unsupported("INSERT needs VALUES, a query or SET");
        }
        if (select instanceof Values values) {
            for (Expression row : valueRows(values)) {
                List<Expression> items = rowItems(row);
                for (int i = 0; i < items.size(); i++) {
                    Expression item = items.get(i);
                    Set<Origin> o = expr(item, scope);
                    work.copied.addAll(o);
                    if (i < columns.size()) {
                        write(target, columns.get(i), item);
                    }
                }
            }
            return;
        }
        List<OutputColumn> outs = select(select, scope, false);
        for (OutputColumn c : outs) {
            work.copied.addAll(c.origins());
        }
    }

    /** Records a literal or parameter stored into a column, for the write-back check. */
    private void write(Source target, Col column, Expression value) {
        if (!target.known || target.schema == null) {
            return;
        }
        ColumnRef ref = new ColumnRef(target.schema, target.table, Catalog.asciiLower(column.name()));
        Expression v = unwrap(value);
        if (v instanceof StringValue s) {
            Token literal = input.literal(s.getValue());
            if (literal != null) {
                work.writes.add(new Write(ref, literal.value(), 0));
            }
        } else if (v instanceof JdbcParameter p) {
            work.writes.add(new Write(ref, null, parameterIndex(p)));
        } else {
            // Any other expression may assemble a masked-looking value; its literals count too.
            for (Token t : literalsIn(v)) {
                work.writes.add(new Write(ref, t.value(), 0));
            }
        }
    }

    private List<Token> literalsIn(Expression e) {
        List<Token> out = new ArrayList<>();
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(StringValue value, S context) {
                Token t = input.literal(value.getValue());
                if (t != null) {
                    out.add(t);
                }
                return null;
            }
        }, null);
        return out;
    }

    private int parameterIndex(JdbcParameter p) {
        Node n = p.getASTNode();
        // Parameters are numbered in text order; count the ? tokens before this one.
        int offset = n == null ? -1 : n.jjtGetFirstToken().absoluteBegin - 1;
        return input.parameterNumber(offset);
    }

    private void updateSets(List<UpdateSet> sets, Scope scope, Source defaultTarget) {
        for (UpdateSet set : sets) {
            List<Column> cols = new ArrayList<>(set.getColumns());
            List<Expression> values = new ArrayList<>(set.getValues());
            if (cols.size() != values.size()) {
                throw new Unsupported("SET (a, b) = (...) is not MySQL");
            }
            for (int i = 0; i < cols.size(); i++) {
                Set<Origin> o = expr(values.get(i), scope);
                work.copied.addAll(o);
                Column c = cols.get(i);
                seen.add(c);
                Source target = defaultTarget;
                if (c.getTable() != null && c.getTable().getName() != null) {
                    target = findSource(scope, c.getTable());
                }
                if (target == null) {
                    work.unknown("table " + input.name(c.getTable().getName()));
                    continue;
                }
                String name = input.name(c.getColumnName());
                Col found = null;
                for (Col col : target.cols) {
                    if (Catalog.equalsAsciiIgnoreCase(col.name(), name)) {
                        found = col;
                    }
                }
                if (found == null) {
                    if (target.known) {
                        work.unknown("column " + name);
                    }
                    continue;
                }
                reference(target, found);
                write(target, found, values.get(i));
            }
        }
    }

    private void update(Update update) {
        Scope scope = withItems(update.getWithItemsList(), null);
        if (update.getFromItem() != null || update.getOutputClause() != null || update.getReturningClause() != null
                || update.getJoins() != null && !update.getJoins().isEmpty() && update.getStartJoins() != null && !update.getStartJoins().isEmpty()) {
            throw new Unsupported("this UPDATE syntax is not MySQL");
        }
        // Every table of a multi-table UPDATE is read; the ones assigned to are written.
        List<Named> tables = new ArrayList<>();
        tables.add(named(update.getTable(), scope));
        List<Join> joins = new ArrayList<>();
        if (update.getStartJoins() != null) {
            joins.addAll(update.getStartJoins()); // UPDATE a JOIN b ON ... SET, UPDATE a, b SET
        }
        if (update.getJoins() != null) {
            joins.addAll(update.getJoins());
        }
        tables.addAll(joinTables(joins, scope));
        Set<Source> written = new HashSet<>();
        for (UpdateSet set : update.getUpdateSets()) {
            for (Column c : set.getColumns()) {
                Source s = c.getTable() != null && c.getTable().getName() != null ? findSource(scope, c.getTable())
                        : ownerOf(tables, input.name(c.getColumnName()));
                if (s != null) {
                    written.add(s);
                }
            }
        }
        updateSets(update.getUpdateSets(), scope, tables.get(0).source());
        modified(tables, scope, written, update.getWhere(), StatementKind.UPDATE);
        if (update.getWhere() != null) {
            predicate(update.getWhere(), scope, "WHERE");
        }
        orderBy(update.getOrderByElements(), scope, List.of());
        limit(update.getLimit(), scope);
    }

    /** A table named in a multi-table UPDATE or DELETE, with the FROM item it became. */
    private record Named(Table table, Source source) {}

    private Named named(Table table, Scope scope) {
        Source s = tableSourceNoAccess(table, scope);
        scope.sources.add(s);
        return new Named(table, s);
    }

    /** The joined tables of a multi-table UPDATE or DELETE, added to the scope; derived tables are only read. */
    private List<Named> joinTables(List<Join> joins, Scope scope) {
        List<Named> tables = new ArrayList<>();
        for (Join j : joins) {
            if (j.getFromItem() instanceof Table t) {
                tables.add(named(t, scope));
            } else {
                fromItem(j.getFromItem(), scope);
            }
            if (j.getOnExpressions() != null) {
                for (Expression on : j.getOnExpressions()) {
                    predicate(on, scope, "JOIN ... ON");
                }
            }
            if (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty()) {
                throw new Unsupported("JOIN ... USING in UPDATE and DELETE is not supported; use ON");
            }
        }
        return tables;
    }

    /** The table an unqualified SET column belongs to. */
    private static Source ownerOf(List<Named> tables, String column) {
        for (Named n : tables) {
            for (Col c : n.source().cols) {
                if (Catalog.equalsAsciiIgnoreCase(c.name(), column)) {
                    return n.source();
                }
            }
        }
        return tables.get(0).source();
    }

    private Source tableSourceNoAccess(Table table, Scope scope) {
        if (table == null || table.getName() == null) {
            throw new Unsupported("the statement names no table");
        }
        String name = input.name(table.getName());
        String qualifier = input.name(table.getSchemaName());
        String alias = table.getAlias() == null ? name : input.name(table.getAlias().getName());
        if (qualifier == null && scope.cte(name) != null) {
            return new Source(alias, null, null, false, true, scope.cte(name));
        }
        String schema = work.schemaFor(qualifier, name);
        spanOf(table, schema, name);
        return catalogSource(schema, name, alias);
    }

    /** Records UPDATE/DELETE on the modified tables (with their WHERE shape) and SELECT on the others. */
    private void modified(List<Named> tables, Scope scope, Set<Source> written, Expression where, StatementKind kind) {
        for (Named n : tables) {
            Table t = n.table();
            Source s = n.source();
            if (s.schema == null) {
                continue; // a CTE
            }
            if (written.contains(s)) {
                WhereShape shape = realWhere(where, s, scope) ? WhereShape.REAL : WhereShape.NOT_REAL;
                work.access(kind, s.schema, s.table, shape, position(t));
            } else {
                work.access(StatementKind.SELECT, s.schema, s.table, WhereShape.NOT_APPLICABLE, position(t));
            }
        }
    }

    private void delete(Delete delete) {
        Scope scope = withItems(delete.getWithItemsList(), null);
        if (delete.getOutputClause() != null || delete.getReturningClause() != null) {
            throw new Unsupported("this DELETE syntax is not MySQL");
        }
        if (delete.getUsingList() != null && !delete.getUsingList().isEmpty()) {
            // In DELETE FROM a USING ..., a is an alias declared in USING: refuse rather than misread it.
            throw new Unsupported("DELETE ... USING is not supported; write DELETE t FROM t JOIN ... WHERE ...");
        }
        List<Named> tables = new ArrayList<>();
        if (delete.getTable() != null) {
            tables.add(named(delete.getTable(), scope));
        }
        if (delete.getUsingList() != null) {
            for (Table t : delete.getUsingList()) {
                tables.add(named(t, scope));
            }
        }
        if (delete.getJoins() != null) {
            tables.addAll(joinTables(delete.getJoins(), scope));
        }
        Set<Source> deleted = new HashSet<>();
        if (delete.getTables() != null && !delete.getTables().isEmpty()) {
            // DELETE t1, t2 FROM ...: the named tables (by alias or name) lose rows.
            for (Table t : delete.getTables()) {
                Source s = findSource(scope, t);
                if (s == null) {
                    work.unknown("table " + input.name(t.getName()));
                } else {
                    deleted.add(s);
                }
            }
        } else if (!tables.isEmpty()) {
            deleted.add(tables.get(0).source());
        }
        modified(tables, scope, deleted, delete.getWhere(), StatementKind.DELETE);
        if (delete.getWhere() != null) {
            predicate(delete.getWhere(), scope, "WHERE");
        }
        orderBy(delete.getOrderByElements(), scope, List.of());
        limit(delete.getLimit(), scope);
    }

    // ---- real WHERE ----

    /**
     * A real WHERE for {@code target}: a top-level conjunct comparing a column of the target with
     * an expression involving no column of the target, or an OR of such comparisons.
     */
    private boolean realWhere(Expression where, Source target, Scope scope) {
        if (where == null) {
            return false;
        }
        for (Expression conjunct : conjuncts(where)) {
            if (realComparison(conjunct, target, scope)) {
                return true;
            }
        }
        return false;
    }

    private static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        Expression x = unwrap(e);
        if (x instanceof AndExpression and) {
            out.addAll(conjuncts(and.getLeftExpression()));
            out.addAll(conjuncts(and.getRightExpression()));
        } else {
            out.add(x);
        }
        return out;
    }

    private boolean realComparison(Expression e, Source target, Scope scope) {
        Expression x = unwrap(e);
        if (x instanceof OrExpression or) {
            return realComparison(or.getLeftExpression(), target, scope) && realComparison(or.getRightExpression(), target, scope);
        }
        if (x instanceof EqualsTo || x instanceof NotEqualsTo || x instanceof GreaterThan || x instanceof GreaterThanEquals
                || x instanceof MinorThan || x instanceof MinorThanEquals
                || x instanceof CosineSimilarity cs && "<=>".equals(cs.getStringExpression())) {
            BinaryExpression b = (BinaryExpression) x;
            return columnOf(b.getLeftExpression(), target, scope) && !involves(b.getRightExpression(), target, scope)
                    || columnOf(b.getRightExpression(), target, scope) && !involves(b.getLeftExpression(), target, scope);
        }
        if (x instanceof LikeExpression l && !l.isNot() && l.getLikeKeyWord() == LikeExpression.KeyWord.LIKE) {
            return columnOf(l.getLeftExpression(), target, scope) && !involves(l.getRightExpression(), target, scope)
                    && (l.getEscape() == null || !involves(l.getEscape(), target, scope));
        }
        if (x instanceof InExpression in && !in.isNot()) {
            return columnOf(in.getLeftExpression(), target, scope) && !involves(in.getRightExpression(), target, scope);
        }
        if (x instanceof Between b && !b.isNot()) {
            return columnOf(b.getLeftExpression(), target, scope) && !involves(b.getBetweenExpressionStart(), target, scope)
                    && !involves(b.getBetweenExpressionEnd(), target, scope);
        }
        if (x instanceof IsNullExpression n && !n.isNot()) {
            return columnOf(n.getLeftExpression(), target, scope);
        }
        return false;
    }

    private boolean columnOf(Expression e, Source target, Scope scope) {
        Expression x = unwrap(e);
        if (!(x instanceof Column)) {
            return false;
        }
        touched.clear();
        expr(x, scope);
        return touched.contains(target);
    }

    private boolean involves(Expression e, Source target, Scope scope) {
        touched.clear();
        expr(e, scope);
        return touched.contains(target);
    }
}
