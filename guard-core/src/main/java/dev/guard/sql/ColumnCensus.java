package dev.guard.sql;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Every column node of a parse tree, found by JSqlParser's own full traversal. The walker must
 * have resolved each of them: a column it never saw sits in a part of the tree it does not
 * understand, and its value could reach the result unmasked. Fail closed then.
 */
final class ColumnCensus extends TablesNamesFinder<Void> {

    private final Set<Column> columns = Collections.newSetFromMap(new IdentityHashMap<>());

    static Set<Column> of(Statement statement) {
        ColumnCensus census = new ColumnCensus();
        census.init(true);
        statement.accept(census, null);
        return census.columns;
    }

    @Override
    public <S> Void visit(Column column, S context) {
        columns.add(column);
        return super.visit(column, context);
    }
}
