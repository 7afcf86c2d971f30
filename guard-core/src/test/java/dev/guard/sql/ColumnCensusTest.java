package dev.guard.sql;

import static org.assertj.core.api.Assertions.assertThat;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.StringProvider;
import org.junit.jupiter.api.Test;

/** The census behind the walker's completeness check finds every column node. */
class ColumnCensusTest {

    private static int count(String sql) throws Exception {
        return ColumnCensus.of(new CCJSqlParser(new StringProvider(sql)).Statement()).size();
    }

    @Test
    void findsColumnsInEveryClause() throws Exception {
        assertThat(count("SELECT a, b + c FROM t WHERE d = 1 GROUP BY e HAVING f > 1 ORDER BY g")).isEqualTo(7);
        assertThat(count("SELECT (SELECT x FROM u WHERE u.y = t.z) FROM t")).isEqualTo(3);
        assertThat(count("UPDATE t SET a = b WHERE c = 1")).isEqualTo(3);
        assertThat(count("SELECT GROUP_CONCAT(a SEPARATOR ',') FROM t")).isEqualTo(1);
    }
}
