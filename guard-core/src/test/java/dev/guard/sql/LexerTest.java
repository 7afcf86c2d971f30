package dev.guard.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sql.Token.Type;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MySQL 8.0 reading rules of {@code shared/contract/README.md} ("Lexing and names"), one
 * rule at a time, each with examples.
 */
class LexerTest {

    private static final SqlMode ANSI_QUOTES = new SqlMode(true, false, false);
    private static final SqlMode NO_BACKSLASH_ESCAPES = new SqlMode(false, true, false);

    private static Lexed lex(String sql) {
        return lex(sql, SqlMode.DEFAULT);
    }

    private static Lexed lex(String sql, SqlMode mode) {
        Lexed lexed = Lexer.lex(sql, mode);
        assertThat(lexed.error()).as("error for %s", sql).isNull();
        assertThat(lexed.ok()).isTrue();
        return lexed;
    }

    private static String error(String sql) {
        return error(sql, SqlMode.DEFAULT);
    }

    private static String error(String sql, SqlMode mode) {
        Lexed lexed = Lexer.lex(sql, mode);
        assertThat(lexed.ok()).as("%s should not lex", sql).isFalse();
        assertThat(lexed.error()).isNotBlank();
        assertThat(lexed.tokens()).isEmpty();
        return lexed.error();
    }

    /** The token values, for compact comparisons. */
    private static List<String> values(String sql) {
        return values(sql, SqlMode.DEFAULT);
    }

    private static List<String> values(String sql, SqlMode mode) {
        return lex(sql, mode).tokens().stream().map(Token::value).toList();
    }

    private static List<Type> types(String sql) {
        return types(sql, SqlMode.DEFAULT);
    }

    private static List<Type> types(String sql, SqlMode mode) {
        return lex(sql, mode).tokens().stream().map(Token::type).toList();
    }

    private static Token only(String sql) {
        return only(sql, SqlMode.DEFAULT);
    }

    private static Token only(String sql, SqlMode mode) {
        List<Token> tokens = lex(sql, mode).tokens();
        assertThat(tokens).as("tokens of %s", sql).hasSize(1);
        return tokens.get(0);
    }

    @Nested
    class DashDashComments {

        @Test
        void dashDashFollowedByADigitIsTwoMinusSigns() {
            assertThat(values("1--1")).containsExactly("1", "-", "-", "1");
            assertThat(types("1--1")).containsExactly(Type.NUMBER, Type.OP, Type.OP, Type.NUMBER);
            assertThat(values("SELECT 5--2")).containsExactly("SELECT", "5", "-", "-", "2");
        }

        @Test
        void dashDashFollowedByALetterOrPunctuationIsNotAComment() {
            assertThat(values("a--b")).containsExactly("a", "-", "-", "b");
            assertThat(values("1--(2)")).containsExactly("1", "-", "-", "(", "2", ")");
            assertThat(values("1---1")).containsExactly("1", "-", "-", "-", "1");
        }

        @Test
        void dashDashFollowedByASpaceIsACommentToTheEndOfTheLine() {
            assertThat(values("SELECT 1 -- , secret\n, 2")).containsExactly("SELECT", "1", ",", "2");
            assertThat(values("SELECT 1-- x")).containsExactly("SELECT", "1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\t", "\r", "\u000B", "\u000C", "\u0001", "\u001F", "\u007F"})
        void dashDashFollowedByAControlCharacterIsAComment(String control) {
            assertThat(values("SELECT 1 --" + control + "secret\n, 2")).containsExactly("SELECT", "1", ",", "2");
        }

        @Test
        void dashDashFollowedByANewlineIsAnEmptyComment() {
            assertThat(values("SELECT 1 --\n, 2")).containsExactly("SELECT", "1", ",", "2");
        }

        @Test
        void dashDashAtTheEndOfTheInputIsAComment() {
            assertThat(values("SELECT 1 --")).containsExactly("SELECT", "1");
            assertThat(values("SELECT 1--")).containsExactly("SELECT", "1");
        }

        @Test
        void aDashDashCommentEndsOnlyAtANewline() {
            assertThat(values("SELECT 1 -- a\r, b\n, 2")).containsExactly("SELECT", "1", ",", "2");
        }

        @Test
        void aTripleDashIsAMinusThenAComment() {
            // The first '-' is followed by '-', the second by a space.
            assertThat(values("1 --- x\n 2")).containsExactly("1", "-", "2");
        }
    }

    @Nested
    class HashAndBlockComments {

        @Test
        void hashCommentsRunToTheEndOfTheLine() {
            assertThat(values("SELECT 1 # , secret\n, 2")).containsExactly("SELECT", "1", ",", "2");
            assertThat(values("SELECT 1#x")).containsExactly("SELECT", "1");
            assertThat(values("SELECT a#x\n")).containsExactly("SELECT", "a");
            assertThat(values("#only a comment")).isEmpty();
        }

        @Test
        void aBlockCommentSeparatesTokens() {
            assertThat(values("DR/**/OP")).containsExactly("DR", "OP");
            assertThat(types("DR/**/OP")).containsExactly(Type.WORD, Type.WORD);
            assertThat(values("DR/* x */OP TABLE")).containsExactly("DR", "OP", "TABLE");
            assertThat(values("1/**/2")).containsExactly("1", "2");
        }

        @Test
        void blockCommentsDoNotNest() {
            assertThat(values("SELECT /* a /* b */ 1")).containsExactly("SELECT", "1");
            assertThat(values("SELECT /* a /* b */ 1 */")).containsExactly("SELECT", "1", "*", "/");
        }

        @Test
        void blockCommentsSpanLines() {
            assertThat(values("SELECT /* a\n -- b\n # c\n */ 1")).containsExactly("SELECT", "1");
        }

        @Test
        void theShortestBlockComments() {
            assertThat(values("a/**/b")).containsExactly("a", "b");
            assertThat(values("a/***/b")).containsExactly("a", "b");
            // "/*/" does not close the comment it opens.
            assertThat(values("a/*/ b */c")).containsExactly("a", "c");
        }

        @Test
        void commentMarkersInsideStringsAndIdentifiersAreText() {
            assertThat(values("SELECT '-- x', '# y', '/* z */', `/*`, \"*/\""))
                    .containsExactly("SELECT", "-- x", ",", "# y", ",", "/* z */", ",", "/*", ",", "*/");
        }

        @Test
        void aSlashNotFollowedByAStarIsDivision() {
            assertThat(values("4/2")).containsExactly("4", "/", "2");
            assertThat(values("4 / /* c */ 2")).containsExactly("4", "/", "2");
        }

        @Test
        void optimizerHintsAreKeptAsHintsNotTokens() {
            Lexed lexed = lex("SELECT /*+ SET_VAR(sort_buffer_size = 16M) */ 1");
            assertThat(lexed.tokens()).extracting(Token::value).containsExactly("SELECT", "1");
            assertThat(lexed.hints()).containsExactly(" SET_VAR(sort_buffer_size = 16M) ");
        }

        @Test
        void aCommentOnlyRequestHasNoTokens() {
            Lexed lexed = lex("/* nothing */ -- here\n # either");
            assertThat(lexed.tokens()).isEmpty();
            assertThat(lexed.statements()).hasSize(1);
            assertThat(lexed.statements().get(0)).isEmpty();
        }
    }

    @Nested
    class ExecutableComments {

        @Test
        void bangCommentContentsAreCode() {
            assertThat(values("SELECT /*! secret, */ 1")).containsExactly("SELECT", "secret", ",", "1");
            assertThat(values("/*!DROP TABLE x*/")).containsExactly("DROP", "TABLE", "x");
        }

        @Test
        void versionedBangCommentContentsAreCodeWhateverTheVersion() {
            assertThat(values("SELECT /*!50000 secret, */ 1")).containsExactly("SELECT", "secret", ",", "1");
            assertThat(values("SELECT /*!99999 secret, */ 1")).containsExactly("SELECT", "secret", ",", "1");
            assertThat(values("SELECT /*!00000secret*/")).containsExactly("SELECT", "secret");
        }

        @Test
        void mariaDbCommentContentsAreCode() {
            assertThat(values("SELECT /*M! secret, */ 1")).containsExactly("SELECT", "secret", ",", "1");
            assertThat(values("SELECT /*M!100100 secret, */ 1")).containsExactly("SELECT", "secret", ",", "1");
            assertThat(values("SELECT /*M!50000 secret, */ 1")).containsExactly("SELECT", "secret", ",", "1");
        }

        @Test
        void executableContentsSitInTheStatementInTextOrder() {
            List<Token> tokens = lex("SELECT a /*!, b*/ FROM t").tokens();
            assertThat(tokens).extracting(Token::value).containsExactly("SELECT", "a", ",", "b", "FROM", "t");
            assertThat(tokens.get(3).start()).isEqualTo("SELECT a /*!, ".length());
        }

        @Test
        void aSemicolonInsideAnExecutableCommentSeparatesStatements() {
            Lexed lexed = lex("SELECT 1 /*!; DROP TABLE x */");
            assertThat(lexed.statements()).hasSize(2);
            assertThat(lexed.statements().get(1)).extracting(Token::value).containsExactly("DROP", "TABLE", "x");
        }

        @Test
        void stringsInsideAnExecutableCommentMayHoldTheCloser() {
            assertThat(values("SELECT /*! '*/' */ 1")).containsExactly("SELECT", "*/", "1");
        }

        @Test
        void aStarBeforeTheCloserIsMultiplication() {
            assertThat(values("SELECT /*! 2**/3")).containsExactly("SELECT", "2", "*", "3");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/*!1 x*/", "/*!12 x*/", "/*!123 x*/", "/*!1234 x*/", "/*!123456 x*/",
            "/*!1234567 x*/", "/*M!1 x*/", "/*M!1234 x*/", "/*M!1234567 x*/"})
        void versionNumbersOfUnusualLengthAreAnError(String sql) {
            assertThat(error("SELECT 1 " + sql)).contains("version");
        }

        @Test
        void anExecutableCommentMustBeClosed() {
            assertThat(error("SELECT /*! 1")).contains("unterminated");
            assertThat(error("SELECT /*!50000 1")).contains("unterminated");
            assertThat(error("SELECT /*M! 1")).contains("unterminated");
            // The only closer is inside a string of the executable code.
            assertThat(error("SELECT /*! '*/'")).isNotBlank();
        }

        @Test
        void commentsInsideAnExecutableCommentAreAnError() {
            error("SELECT /*! 1 /* c */ */");
            error("SELECT /*! 1 -- c\n */");
            error("SELECT /*! 1 # c\n */");
            error("SELECT /*! /*! 1 */ */");
        }

        @Test
        void aBangOrMAfterTheOpenerWithoutTheCommentIsNotExecutable() {
            assertThat(values("SELECT /* ! secret */ 1")).containsExactly("SELECT", "1");
            assertThat(values("SELECT /*M secret */ 1")).containsExactly("SELECT", "1");
            assertThat(values("SELECT /* M! secret */ 1")).containsExactly("SELECT", "1");
        }
    }

    @Nested
    class Unterminated {

        @ParameterizedTest
        @ValueSource(strings = {"SELECT 'abc", "SELECT \"abc", "SELECT 'a''", "SELECT 'a\\'", "SELECT N'x",
            "SELECT _utf8mb4'x", "SELECT x'41", "SELECT @'v"})
        void unterminatedStringsAreAnError(String sql) {
            assertThat(error(sql)).contains("unterminated");
        }

        @ParameterizedTest
        @ValueSource(strings = {"SELECT `abc", "SELECT `a``", "SELECT @`v"})
        void unterminatedIdentifiersAreAnError(String sql) {
            assertThat(error(sql)).contains("unterminated");
        }

        @Test
        void unterminatedDoubleQuotedIdentifierUnderAnsiQuotes() {
            assertThat(error("SELECT \"abc", ANSI_QUOTES)).contains("unterminated");
        }

        @ParameterizedTest
        @ValueSource(strings = {"SELECT /* abc", "SELECT /*", "SELECT /*/", "SELECT /*+ hint", "/*"})
        void unterminatedCommentsAreAnError(String sql) {
            assertThat(error(sql)).contains("unterminated");
        }

        @Test
        void aBackslashAtTheEndLeavesTheStringOpen() {
            error("SELECT 'abc\\");
            assertThat(only("'abc\\'", NO_BACKSLASH_ESCAPES).value()).isEqualTo("abc\\");
        }
    }

    @Nested
    class Strings {

        @Test
        void doubledQuotesStandForOne() {
            Token t = only("'it''s'");
            assertThat(t.type()).isEqualTo(Type.STRING);
            assertThat(t.value()).isEqualTo("it's");
            assertThat(t.text()).isEqualTo("'it''s'");
            assertThat(only("\"say \"\"hi\"\"\"").value()).isEqualTo("say \"hi\"");
            assertThat(only("''''").value()).isEqualTo("'");
            assertThat(only("''").value()).isEmpty();
        }

        @Test
        void theOtherQuoteNeedsNoDoubling() {
            assertThat(only("'say \"hi\"'").value()).isEqualTo("say \"hi\"");
            assertThat(only("\"it's\"").value()).isEqualTo("it's");
        }

        @Test
        void backslashEscapesTheQuote() {
            assertThat(only("'a\\'b'").value()).isEqualTo("a'b");
            assertThat(only("\"a\\\"b\"").value()).isEqualTo("a\"b");
            assertThat(only("'a\\\\'").value()).isEqualTo("a\\");
        }

        @Test
        void backslashEscapesAsMySqlReadsThem() {
            assertThat(only("'\\0\\b\\n\\r\\t\\Z'").value()).isEqualTo("\0\b\n\r\t\u001A");
            assertThat(only("'\\%\\_'").value()).as("\\% and \\_ keep their backslash").isEqualTo("\\%\\_");
            assertThat(only("'\\x\\q\\;'").value()).isEqualTo("xq;");
        }

        @Test
        void noBackslashEscapesMakesTheBackslashPlain() {
            Token t = only("'a\\'", NO_BACKSLASH_ESCAPES);
            assertThat(t.value()).isEqualTo("a\\");
            assertThat(only("'a\\n'", NO_BACKSLASH_ESCAPES).value()).isEqualTo("a\\n");
            assertThat(only("'it''s'", NO_BACKSLASH_ESCAPES).value()).isEqualTo("it's");
            // Under the default mode the same text is an open string.
            error("'a\\'");
            // ... and what hides behind an escaped quote in one mode is code in the other.
            String sql = "SELECT 'a\\', secret -- ', 1\nFROM t";
            assertThat(values(sql, NO_BACKSLASH_ESCAPES)).containsExactly("SELECT", "a\\", ",", "secret", "FROM", "t");
            assertThat(values(sql)).containsExactly("SELECT", "a', secret -- ", ",", "1", "FROM", "t");
        }

        @Test
        void doubleQuotesAreStringsByDefaultAndIdentifiersUnderAnsiQuotes() {
            assertThat(only("\"x\"").type()).isEqualTo(Type.STRING);
            Token ident = only("\"x\"", ANSI_QUOTES);
            assertThat(ident.type()).isEqualTo(Type.QUOTED_IDENT);
            assertThat(ident.value()).isEqualTo("x");
            assertThat(only("\"a\"\"b\"", ANSI_QUOTES).value()).isEqualTo("a\"b");
            // No backslash escapes in identifiers.
            assertThat(only("\"a\\\"", ANSI_QUOTES).value()).isEqualTo("a\\");
            // Single quotes stay strings under ANSI_QUOTES.
            assertThat(only("'x'", ANSI_QUOTES).type()).isEqualTo(Type.STRING);
        }

        @Test
        void nationalStrings() {
            Token t = only("N'x'");
            assertThat(t.type()).isEqualTo(Type.STRING);
            assertThat(t.value()).isEqualTo("x");
            assertThat(only("n'it''s'").value()).isEqualTo("it's");
        }

        @Test
        void aCharsetIntroducerIsFoldedIntoTheString() {
            Token t = only("_utf8mb4'x'");
            assertThat(t.type()).isEqualTo(Type.STRING);
            assertThat(t.value()).isEqualTo("x");
            assertThat(t.start()).isZero();
            assertThat(t.end()).isEqualTo("_utf8mb4'x'".length());
            assertThat(only("_latin1 'x'").value()).isEqualTo("x");
            assertThat(only("_BINARY\"x\"").value()).isEqualTo("x");
            assertThat(only("_utf8mb4 /* c */ 'x'").value()).isEqualTo("x");
        }

        @Test
        void anUnderscoreWordThatIsNoCharsetIsAnIdentifier() {
            assertThat(types("_nope'x'")).containsExactly(Type.WORD, Type.STRING);
            assertThat(types("_utf8mb4")).containsExactly(Type.WORD);
            assertThat(types("_utf8mb4 x")).containsExactly(Type.WORD, Type.WORD);
        }

        @Test
        void adjacentStringLiteralsJoin() {
            Token t = only("'a' 'b'");
            assertThat(t.type()).isEqualTo(Type.STRING);
            assertThat(t.value()).isEqualTo("ab");
            assertThat(t.start()).isZero();
            assertThat(t.end()).isEqualTo(7);
            assertThat(only("'a' \"b\" 'c'").value()).isEqualTo("abc");
            assertThat(only("'a'/* c */'b'").value()).isEqualTo("ab");
            assertThat(only("'a'\n-- c\n'b'").value()).isEqualTo("ab");
            assertThat(only("_utf8mb4'a' 'b'").value()).isEqualTo("ab");
            assertThat(only("N'a' 'b'").value()).isEqualTo("ab");
        }

        @Test
        void aLaterIntroducedOrNationalStringDoesNotJoin() {
            assertThat(values("'a' _utf8mb4'b'")).containsExactly("a", "b");
            assertThat(values("'a' N'b'")).containsExactly("a", "b");
        }

        @Test
        void stringsHoldAnything() {
            assertThat(only("'; DROP TABLE x; -- '").value()).isEqualTo("; DROP TABLE x; -- ");
            assertThat(only("'line\nbreak'").value()).isEqualTo("line\nbreak");
            assertThat(only("'\u0001\u0000\u00A0 😀'").value()).isEqualTo("\u0001\u0000\u00A0 😀");
            assertThat(lex("SELECT 'DROP TABLE x' FROM shop.orders").statements()).hasSize(1);
        }
    }

    @Nested
    class HexBitAndNumbers {

        @Test
        void hexAndBitStrings() {
            Token x = only("x'41'");
            assertThat(x.type()).isEqualTo(Type.HEX_STRING);
            assertThat(x.value()).isEqualTo("41");
            assertThat(only("X'4a'").type()).isEqualTo(Type.HEX_STRING);
            Token b = only("b'01'");
            assertThat(b.type()).isEqualTo(Type.HEX_STRING);
            assertThat(b.value()).isEqualTo("01");
            assertThat(only("B'1'").type()).isEqualTo(Type.HEX_STRING);
            assertThat(only("x''").value()).isEmpty();
        }

        @Test
        void malformedHexAndBitStringsAreAnError() {
            assertThat(error("x'4G'")).contains("malformed");
            assertThat(error("b'012'")).contains("malformed");
        }

        @Test
        void hexAndBitNumbers() {
            Token t = only("0x41");
            assertThat(t.type()).isEqualTo(Type.NUMBER);
            assertThat(t.value()).isEqualTo("0x41");
            assertThat(only("0b01").type()).isEqualTo(Type.NUMBER);
        }

        @Test
        void numbers() {
            assertThat(types("1 1.5 .5 1e3 1.5E-3 1e+3")).containsOnly(Type.NUMBER).hasSize(6);
            assertThat(values("1.5E-3")).containsExactly("1.5E-3");
        }

        @Test
        void digitsFollowedByLettersAreAnIdentifier() {
            Token t = only("123abc");
            assertThat(t.type()).isEqualTo(Type.WORD);
            assertThat(t.value()).isEqualTo("123abc");
            assertThat(only("0x41g").type()).isEqualTo(Type.WORD);
            assertThat(only("0xg").type()).isEqualTo(Type.WORD);
        }

        @Test
        void anExponentWithoutDigitsLeavesAnIdentifier() {
            // MySQL: "1eFROM" has no digit after the e, so the whole word is an identifier.
            assertThat(only("1eFROM").type()).isEqualTo(Type.WORD);
            assertThat(only("1e").type()).isEqualTo(Type.WORD);
            assertThat(values("1e+x")).containsExactly("1e", "+", "x");
        }

        // Regression (was a bypass): MySQL's lexer (sql_lex.cc, MY_LEX_NUMBER_IDENT) returns FLOAT_NUM as soon as the
        // exponent's digits end, whatever follows: "1e1FROM" is the number 1e1 and the keyword
        // FROM. Guard reads "1e1FROM" (and "1e+1FROM", "12E-3_a") as one identifier, so MySQL
        // sees a FROM clause that Guard does not (see AnalyzerFuzzTest for the policy bypass).
        @Test
        void anExponentEndsTheNumberWhateverFollows() {
            assertThat(types("1e1FROM")).containsExactly(Type.NUMBER, Type.WORD);
            assertThat(values("1e1FROM")).containsExactly("1e1", "FROM");
            assertThat(values("SELECT 0e0FROM t")).containsExactly("SELECT", "0e0", "FROM", "t");
            assertThat(values("1e+1FROM")).containsExactly("1e+1", "FROM");
            assertThat(values("12E-3_a")).containsExactly("12E-3", "_a");
        }

        @Test
        void afterAQualifierDotAnExponentLookalikeIsAnIdentifier() {
            // MySQL reads the part after "t." as an identifier whatever its first characters are.
            assertThat(values("t.1e1FROM")).containsExactly("t", ".", "1e1FROM");
            assertThat(types("t.1e1FROM")).containsExactly(Type.WORD, Type.OP, Type.WORD);
        }

        @Test
        void anIdentifierPartAfterAQualifierDotMayStartWithDigits() {
            assertThat(values("t.1col")).containsExactly("t", ".", "1col");
            assertThat(types("t.1col")).containsExactly(Type.WORD, Type.OP, Type.WORD);
            assertThat(types("`t`.1")).containsExactly(Type.QUOTED_IDENT, Type.OP, Type.WORD);
        }
    }

    @Nested
    class Identifiers {

        @Test
        void aBackQuotedIdentifierWithADotIsOneToken() {
            Token t = only("`a.b`");
            assertThat(t.type()).isEqualTo(Type.QUOTED_IDENT);
            assertThat(t.value()).isEqualTo("a.b");
            assertThat(t.text()).isEqualTo("`a.b`");
            assertThat(values("`shop.orders`.id")).containsExactly("shop.orders", ".", "id");
        }

        @Test
        void doubledBackticksStandForOne() {
            assertThat(only("`a``b`").value()).isEqualTo("a`b");
            assertThat(only("````").value()).isEqualTo("`");
        }

        @Test
        void backQuotedIdentifiersHaveNoEscapesAndHoldAnything() {
            assertThat(only("`a\\`").value()).isEqualTo("a\\");
            assertThat(only("`; -- '\"#/*`").value()).isEqualTo("; -- '\"#/*");
        }

        @Test
        void unquotedIdentifiers() {
            Token t = only("$a_1");
            assertThat(t.type()).isEqualTo(Type.WORD);
            assertThat(only("größe").value()).isEqualTo("größe");
            assertThat(only("表").type()).isEqualTo(Type.WORD);
        }
    }

    @Nested
    class VariablesAndParameters {

        @Test
        void userVariables() {
            Token t = only("@var");
            assertThat(t.type()).isEqualTo(Type.USER_VAR);
            assertThat(t.value()).isEqualTo("var");
            assertThat(only("@a.b$c").value()).isEqualTo("a.b$c");
        }

        @Test
        void quotedUserVariables() {
            Token t = only("@'quoted var'");
            assertThat(t.type()).isEqualTo(Type.USER_VAR);
            assertThat(t.value()).isEqualTo("quoted var");
            assertThat(only("@\"dq\"").value()).isEqualTo("dq");
            assertThat(only("@`b``q`").value()).isEqualTo("b`q");
            assertThat(only("@'it''s'").value()).isEqualTo("it's");
        }

        @Test
        void systemVariables() {
            Token t = only("@@session.autocommit");
            assertThat(t.type()).isEqualTo(Type.SYS_VAR);
            assertThat(t.value()).isEqualTo("session.autocommit");
            assertThat(only("@@autocommit").value()).isEqualTo("autocommit");
            assertThat(only("@@GLOBAL.max_connections").value()).isEqualTo("GLOBAL.max_connections");
        }

        @Test
        void emptyVariableNamesAreAnError() {
            error("SELECT @");
            error("SELECT @@");
            error("SELECT @ x");
        }

        @Test
        void placeholders() {
            assertThat(types("a = ? AND b = ?")).containsExactly(Type.WORD, Type.OP, Type.PARAM, Type.WORD, Type.WORD,
                    Type.OP, Type.PARAM);
            assertThat(only("?").value()).isEqualTo("?");
        }
    }

    @Nested
    class Operators {

        @Test
        void multiCharacterOperatorsAreOneToken() {
            String sql = "1 <=> 2 ->> 3 -> 4 <= 5 >= 6 <> 7 != 8 << 9 >> 10 || 11 && 12 := 13";
            List<Token> ops = lex(sql).tokens().stream().filter(t -> t.type() == Type.OP).toList();
            assertThat(ops).extracting(Token::value)
                    .containsExactly("<=>", "->>", "->", "<=", ">=", "<>", "!=", "<<", ">>", "||", "&&", ":=");
        }

        @Test
        void operatorsNeedNoSpaces() {
            assertThat(values("a<=>b")).containsExactly("a", "<=>", "b");
            assertThat(values("c->>'$.x'")).containsExactly("c", "->>", "$.x");
            assertThat(values("a<>-1")).containsExactly("a", "<>", "-", "1");
            assertThat(values("(a,b)*2%3^4&5|~6")).containsExactly("(", "a", ",", "b", ")", "*", "2", "%", "3", "^",
                    "4", "&", "5", "|", "~", "6");
        }

        @Test
        void aSeparatedOperatorIsTwoTokens() {
            assertThat(values("a < = b")).containsExactly("a", "<", "=", "b");
            assertThat(values("a </**/> b")).containsExactly("a", "<", ">", "b");
        }

        @Test
        void strayCharactersAreAnError() {
            assertThat(error("SELECT \\")).contains("unexpected");
            assertThat(error("SELECT [a]")).contains("unexpected");
        }
    }

    @Nested
    class Whitespace {

        @Test
        void theSixAsciiWhitespaceCharactersSeparateTokens() {
            assertThat(values("a b\tc\nd\re\u000Bf\u000Cg")).containsExactly("a", "b", "c", "d", "e", "f", "g");
        }

        @Test
        void aNoBreakSpaceIsPartOfAnIdentifier() {
            Token t = only("a\u00A0b");
            assertThat(t.type()).isEqualTo(Type.WORD);
            assertThat(t.value()).isEqualTo("a\u00A0b");
            assertThat(values("DROP\u00A0TABLE x")).containsExactly("DROP\u00A0TABLE", "x");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u2003", "\u3000", "\u0085", "\u2028", "\uFEFF", "\u200B"})
        void otherUnicodeSpacesArePartOfAnIdentifier(String space) {
            assertThat(only("a" + space + "b").value()).isEqualTo("a" + space + "b");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u0000", "\u0001", "\u001B", "\u007F"})
        void otherControlCharactersAreAnError(String control) {
            error("SELECT" + control + "1");
        }
    }

    @Nested
    class Statements {

        @Test
        void oneStatement() {
            List<List<Token>> statements = lex("SELECT 1").statements();
            assertThat(statements).hasSize(1);
            assertThat(statements.get(0)).extracting(Token::value).containsExactly("SELECT", "1");
        }

        @Test
        void theSemicolonIsAToken() {
            List<Token> tokens = lex("SELECT 1;").tokens();
            assertThat(tokens).extracting(Token::type).containsExactly(Type.WORD, Type.NUMBER, Type.SEMICOLON);
            assertThat(tokens.get(2).is(";")).isTrue();
        }

        @Test
        void aSingleTrailingSemicolonDoesNotStartAStatement() {
            assertThat(lex("SELECT 1;").statements()).hasSize(1);
            assertThat(lex("SELECT 1;").statements().get(0)).extracting(Token::value).containsExactly("SELECT", "1");
            assertThat(lex("SELECT 1 ;  \n\t").statements()).hasSize(1);
        }

        @Test
        void commentsAfterTheTrailingSemicolonDoNotStartAStatement() {
            assertThat(lex("SELECT 1; -- done").statements()).hasSize(1);
            assertThat(lex("SELECT 1; /* done */").statements()).hasSize(1);
            assertThat(lex("SELECT 1; # done\n  /* really */ -- yes").statements()).hasSize(1);
        }

        @Test
        void twoStatements() {
            List<List<Token>> statements = lex("SELECT 1; SELECT 2").statements();
            assertThat(statements).hasSize(2);
            assertThat(statements.get(1)).extracting(Token::value).containsExactly("SELECT", "2");
            assertThat(lex("SELECT 1; SELECT 2;").statements()).hasSize(2);
            assertThat(lex("SELECT 1;DROP TABLE x").statements()).hasSize(2);
        }

        @Test
        void aDoubleSemicolonStartsAnEmptyStatement() {
            List<List<Token>> statements = lex("SELECT 1;;").statements();
            assertThat(statements).hasSize(2);
            assertThat(statements.get(1)).isEmpty();
            assertThat(lex(";;").statements()).hasSize(2);
            assertThat(lex("SELECT 1; ; -- x").statements()).hasSize(2);
        }

        @Test
        void aLeadingSemicolonStartsAnEmptyStatement() {
            List<List<Token>> statements = lex("; SELECT 1").statements();
            assertThat(statements).hasSize(2);
            assertThat(statements.get(0)).isEmpty();
        }

        @Test
        void aLoneSemicolonIsOneEmptyStatement() {
            assertThat(lex(";").statements()).hasSize(1);
            assertThat(lex(";").statements().get(0)).isEmpty();
            assertThat(lex("").statements()).hasSize(1);
            assertThat(lex("").statements().get(0)).isEmpty();
        }

        @Test
        void semicolonsInStringsIdentifiersAndCommentsDoNotSeparate() {
            assertThat(lex("SELECT ';', `;`, \";\" /* ; */ -- ;\n # ;\n FROM t").statements()).hasSize(1);
        }
    }

    @Nested
    class Offsets {

        @Test
        void tokensCarryTheirOffsetsAndText() {
            String sql = "SELECT  `a b` ,'x' FROM t";
            List<Token> tokens = lex(sql).tokens();
            for (Token t : tokens) {
                assertThat(sql.substring(t.start(), t.end())).isEqualTo(t.text());
            }
            assertThat(tokens.get(1).start()).isEqualTo(8);
            assertThat(tokens.get(1).end()).isEqualTo(13);
        }
    }
}
