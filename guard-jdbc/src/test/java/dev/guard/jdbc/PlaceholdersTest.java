package dev.guard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "SELECT 1 | 0",
        "SELECT * FROM t WHERE a = ? AND b = ? | 2",
        "SELECT '?' , ? | 1",
        "SELECT \"?\" , ? | 1",
        "SELECT `a?b` FROM t WHERE c = ? | 1",
        "SELECT 'it''s ?' , ? | 1",
        "SELECT 'a\\'?' , ? | 1",
        "SELECT \"a\\\"?\" , ? | 1",
        "SELECT ? -- a comment ?\\n , ? | 2",
        "SELECT ? --? not a comment | 2",
        "SELECT ? --\\t? comment | 1",
        "SELECT ? -- | 1",
        "SELECT ? # comment ?\\n, ? | 2",
        "SELECT ? /* ? */ , ? | 2",
        "SELECT ? /*+ hint ? */ , ? | 2",
        "SELECT ? /*!50000 , ? */ , ? | 3",
        "SELECT ? /*M!100000 , ? */ | 2",
        "SELECT ? /*! , ? */ | 2",
        "SELECT '? | 0",
        "SELECT ? /* unterminated ? | 1",
        "INSERT INTO t VALUES (?,?,?),(?,?,?) | 6",
        "SELECT x'3F', b'1', ? | 1",
        "SELECT `a``?` , ? | 1",
        "SELECT ? <=> ? | 2",
    })
    void countsPlaceholdersOutsideStringsAndComments(String sql, int expected) {
        String text = sql.replace("\\n", "\n").replace("\\t", "\t");
        assertThat(Placeholders.count(text, true, false)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        // NO_BACKSLASH_ESCAPES: the backslash is an ordinary character, so the string ends at the next quote.
        "SELECT 'a\\' , ? | 1",
        "SELECT 'a\\'' , ? | 0",
    })
    void withoutBackslashEscapes(String sql, int expected) {
        assertThat(Placeholders.count(sql, false, false)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        // ANSI_QUOTES: "..." is an identifier, where a backslash escapes nothing.
        "SELECT \"a\\\" , ? | 1",
        "SELECT 'a\\'?' , ? | 1",
    })
    void underAnsiQuotes(String sql, int expected) {
        assertThat(Placeholders.count(sql, true, true)).isEqualTo(expected);
    }
}
