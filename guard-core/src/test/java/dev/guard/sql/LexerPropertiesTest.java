package dev.guard.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.guard.sql.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Properties of the lexer over generated input: literals and identifiers hold anything when
 * quoted as MySQL quotes them, ordinary comments never change what the statement says,
 * separators count statements, and no input makes the lexer throw.
 */
class LexerPropertiesTest {

    private static final SqlMode NO_BACKSLASH_ESCAPES = new SqlMode(false, true, false);
    private static final SqlMode ANSI_QUOTES = new SqlMode(true, false, false);
    private static final SqlMode ANSI_AND_NO_ESCAPES = new SqlMode(true, true, false);
    private static final List<SqlMode> MODES = List.of(SqlMode.DEFAULT, NO_BACKSLASH_ESCAPES, ANSI_QUOTES,
            ANSI_AND_NO_ESCAPES, new SqlMode(false, false, true));

    /** Pieces that matter to a SQL reader; glued at random they make hostile text. */
    private static final List<String> PIECES = List.of(
            "'", "\"", "`", "\\", "\\'", "''", ";", "--", "-- ", "-", "#", "/*", "*/", "/*!", "/*!50000", "/*M!",
            "/*+", "*", "/", "!", "M", "\n", "\r", "\t", " ", "\u000B", "\u000C", "\u0000", "\u0001", "\u007F",
            "\u00A0", "é", "😀", "\uD800", "a", "x", "N", "_utf8mb4", "0", "1", "0x", "e", ".", "@", "@@", "?",
            "%", "_", "$", "=", "<", ">", "|", "&", ":", "(", ")", ",", "SELECT", "DROP", "FROM");

    /** Deterministic in CI: a fixed seed. */
    private static QuickTheory theory(int examples) {
        return qt().withFixedSeed(42L).withExamples(examples);
    }

    /** Hostile text: the pieces above glued together. */
    private static Gen<String> hostile(int maxPieces) {
        return lists().of(arbitrary().pick(PIECES)).ofSizeBetween(0, maxPieces).map(l -> String.join("", l));
    }

    /** Any text: arbitrary code points (surrogates included), or hostile pieces. */
    private static Gen<String> anyText(int maxLength) {
        return strings().allPossible().ofLengthBetween(0, maxLength).mix(hostile(maxLength / 3));
    }

    private static Gen<Long> seeds() {
        return integers().all().map(i -> (long) i);
    }

    private record Kv(Type type, String value) {}

    private static List<Kv> typesAndValues(Lexed lexed) {
        return lexed.tokens().stream().map(t -> new Kv(t.type(), t.value())).toList();
    }

    // ---- (a) string literals ----

    /**
     * {@code contents} written as a MySQL string literal with {@code quote}, escaped the way
     * {@code mode} reads it: the quote doubled or (with backslash escapes) backslash-escaped,
     * and backslashes doubled, each choice made at random.
     */
    static String stringLiteral(String prefix, char quote, String contents, SqlMode mode, Random random) {
        StringBuilder out = new StringBuilder(prefix).append(quote);
        for (int i = 0; i < contents.length(); i++) {
            char c = contents.charAt(i);
            if (c == quote) {
                out.append(!mode.noBackslashEscapes() && random.nextBoolean() ? "\\" : String.valueOf(quote)).append(c);
            } else if (c == '\\' && !mode.noBackslashEscapes()) {
                out.append("\\\\");
            } else if (!mode.noBackslashEscapes() && (c == '\'' || c == '"') && random.nextInt(4) == 0) {
                out.append('\\').append(c); // escaping the other quote is allowed too
            } else {
                out.append(c);
            }
        }
        return out.append(quote).toString();
    }

    private static String literalIn(String contents, SqlMode mode, Random random) {
        List<String[]> forms = new ArrayList<>(List.of(
                new String[] {"", "'"}, new String[] {"N", "'"}, new String[] {"n", "'"},
                new String[] {"_utf8mb4", "'"}, new String[] {"_latin1 ", "'"}, new String[] {"_binary /* c */ ", "'"}));
        if (!mode.ansiQuotes()) {
            forms.add(new String[] {"", "\""});
            forms.add(new String[] {"_utf8mb4", "\""});
        }
        String[] form = forms.get(random.nextInt(forms.size()));
        return stringLiteral(form[0], form[1].charAt(0), contents, mode, random);
    }

    @Test
    void aCorrectlyEscapedStringLiteralIsExactlyOneStringToken() {
        theory(3000).forAll(anyText(120), arbitrary().pick(MODES), seeds()).checkAssert((contents, mode, seed) -> {
            Random random = new Random(seed);
            String literal = literalIn(contents, mode, random);
            String sql = "SELECT " + literal + " FROM t";
            Lexed lexed = Lexer.lex(sql, mode);
            assertThat(lexed.error()).as("%s under %s", sql, mode).isNull();
            List<Token> tokens = lexed.tokens();
            assertThat(tokens).extracting(Token::type)
                    .as("%s under %s", sql, mode)
                    .containsExactly(Type.WORD, Type.STRING, Type.WORD, Type.WORD);
            Token string = tokens.get(1);
            assertThat(string.value()).isEqualTo(contents);
            assertThat(string.start()).isEqualTo("SELECT ".length());
            assertThat(string.end()).isEqualTo("SELECT ".length() + literal.length());
            assertThat(tokens).extracting(Token::type).doesNotContain(Type.SEMICOLON);
            assertThat(lexed.statements()).hasSize(1);
            assertThat(lexed.hints()).isEmpty();
        });
    }

    @Test
    void adjacentLiteralsJoinIntoOneStringWithTheConcatenatedContents() {
        theory(1500).forAll(anyText(60), anyText(60), arbitrary().pick(MODES), seeds()).checkAssert((a, b, mode, seed) -> {
            Random random = new Random(seed);
            String gap = List.of(" ", "\n", "/* c */", " -- c\n", "#\n", "\t\t").get(random.nextInt(6));
            String sql = "SELECT " + literalIn(a, mode, random) + gap + stringLiteral("", '\'', b, mode, random) + ";";
            Lexed lexed = Lexer.lex(sql, mode);
            assertThat(lexed.error()).as(sql).isNull();
            assertThat(lexed.tokens()).extracting(Token::type).containsExactly(Type.WORD, Type.STRING, Type.SEMICOLON);
            assertThat(lexed.tokens().get(1).value()).isEqualTo(a + b);
            assertThat(lexed.statements()).hasSize(1);
        });
    }

    @Test
    void aStringLiteralNeverHidesCodeOrLeaksText() {
        // The literal is the only thing between SELECT and FROM, whatever it holds: the tokens
        // after it are the same as after an empty literal.
        theory(2000).forAll(hostile(30), arbitrary().pick(MODES), seeds()).checkAssert((contents, mode, seed) -> {
            Random random = new Random(seed);
            String tail = " FROM t WHERE a = 1; SELECT 2";
            Lexed lexed = Lexer.lex("SELECT " + literalIn(contents, mode, random) + tail, mode);
            Lexed empty = Lexer.lex("SELECT ''" + tail, mode);
            assertThat(lexed.ok()).isTrue();
            List<Kv> got = typesAndValues(lexed);
            List<Kv> expected = new ArrayList<>(typesAndValues(empty));
            expected.set(1, new Kv(Type.STRING, contents));
            assertThat(got).isEqualTo(expected);
        });
    }

    // ---- (b) quoted identifiers ----

    static String quotedIdentifier(char quote, String name) {
        String q = String.valueOf(quote);
        return q + name.replace(q, q + q) + q;
    }

    @Test
    void aBackQuotedIdentifierIsExactlyOneIdentifierToken() {
        theory(3000).forAll(anyText(120), arbitrary().pick(MODES)).checkAssert((name, mode) -> {
            String ident = quotedIdentifier('`', name);
            String sql = "SELECT " + ident + " FROM t";
            Lexed lexed = Lexer.lex(sql, mode);
            assertThat(lexed.error()).as("%s under %s", sql, mode).isNull();
            assertThat(lexed.tokens()).extracting(Token::type)
                    .containsExactly(Type.WORD, Type.QUOTED_IDENT, Type.WORD, Type.WORD);
            Token t = lexed.tokens().get(1);
            assertThat(t.value()).isEqualTo(name);
            assertThat(t.text()).isEqualTo(ident);
            assertThat(lexed.statements()).hasSize(1);
        });
    }

    @Test
    void aDoubleQuotedIdentifierUnderAnsiQuotesIsExactlyOneIdentifierToken() {
        theory(2000).forAll(anyText(120), arbitrary().pick(List.of(ANSI_QUOTES, ANSI_AND_NO_ESCAPES))).checkAssert((name, mode) -> {
            String ident = quotedIdentifier('"', name);
            Lexed lexed = Lexer.lex("SELECT a FROM " + ident + " AS x", mode);
            assertThat(lexed.error()).isNull();
            assertThat(lexed.tokens()).extracting(Token::type)
                    .containsExactly(Type.WORD, Type.WORD, Type.WORD, Type.QUOTED_IDENT, Type.WORD, Type.WORD);
            assertThat(lexed.tokens().get(3).value()).isEqualTo(name);
        });
    }

    @Test
    void aQuotedUserVariableHoldsAnything() {
        theory(1500).forAll(anyText(60), arbitrary().pick(MODES), seeds()).checkAssert((name, mode, seed) -> {
            Random random = new Random(seed);
            String variable = switch (random.nextInt(mode.ansiQuotes() ? 2 : 3)) {
                case 0 -> "@" + quotedIdentifier('`', name);
                case 1 -> "@" + stringLiteral("", '\'', name, mode, random);
                default -> "@" + stringLiteral("", '"', name, mode, random);
            };
            Lexed lexed = Lexer.lex("SET " + variable + " = 1", mode);
            if (name.isEmpty()) {
                assertThat(lexed.ok()).isFalse(); // an empty name is refused
                return;
            }
            assertThat(lexed.error()).isNull();
            assertThat(lexed.tokens()).extracting(Token::type).containsExactly(Type.WORD, Type.USER_VAR, Type.OP, Type.NUMBER);
            assertThat(lexed.tokens().get(1).value()).isEqualTo(name);
        });
    }

    // ---- (c) ordinary comments ----

    /** A fixed statement, token by token; the gaps between tokens get whitespace and comments. */
    private static final List<String> FIXED = List.of(
            "SELECT", "a", ",", "`b c`", ",", "'str'", "'join'", ",", "_utf8mb4", "'x'", ",", "1", "-", "-", "1", ",",
            "@v", ",", "@@session.autocommit", ",", "x'41'", ",", "0x1F", ",", "?", ",", "N'n'", ",", "1.5e3", "FROM",
            "s", ".", "t", "AS", "u", "WHERE", "c", "<=>", "d", "AND", "e", "->>", "'$.k'", ">=", "-", "2", "OR", "f",
            "IN", "(", "1", ",", "2", ")", "LIMIT", "3");

    private static String blockBody(String body) {
        String b = body;
        while (b.contains("*/")) {
            b = b.replace("*/", "");
        }
        if (b.startsWith("!") || b.startsWith("M!") || b.startsWith("+")) {
            b = " " + b;
        }
        return b;
    }

    private static String lineBody(String body) {
        return body.replace("\n", "");
    }

    /** An ordinary comment with {@code body}; line comments end with their newline. */
    static String comment(String body, int kind) {
        return switch (kind) {
            case 0 -> "/*" + blockBody(body) + "*/";
            case 1 -> "-- " + lineBody(body) + "\n";
            case 2 -> "--\t" + lineBody(body) + "\n";
            case 3 -> "--\u0001" + lineBody(body) + "\n";
            case 4 -> "#" + lineBody(body) + "\n";
            default -> "--\n";
        };
    }

    private static final List<String> SPACES = List.of("", "", " ", "\t", "\n", "\r\n", "\u000B", "\u000C", "  ");

    @Test
    void ordinaryCommentsBetweenTokensNeverChangeTheTokens() {
        String plain = String.join(" ", FIXED);
        theory(2000).forAll(lists().of(anyText(40)).ofSizeBetween(1, 8), arbitrary().pick(MODES), seeds())
                .checkAssert((bodies, mode, seed) -> {
                    Random random = new Random(seed);
                    List<Kv> expected = typesAndValues(Lexer.lex(plain, mode));
                    assertThat(expected).hasSize(FIXED.size() - 2); // joined strings, folded introducer
                    StringBuilder sql = new StringBuilder();
                    int next = 0;
                    for (int gap = 0; gap <= FIXED.size(); gap++) {
                        // gap 0 is before the first token, gap FIXED.size() after the last
                        boolean insert = next < bodies.size() && random.nextInt(FIXED.size() + 1) < 2 * bodies.size();
                        if (insert) {
                            sql.append(SPACES.get(random.nextInt(SPACES.size())));
                            sql.append(comment(bodies.get(next++), random.nextInt(6)));
                            sql.append(SPACES.get(random.nextInt(SPACES.size())));
                        } else if (gap > 0 && gap < FIXED.size()) {
                            sql.append(' ');
                        }
                        if (gap < FIXED.size()) {
                            sql.append(FIXED.get(gap));
                        }
                    }
                    Lexed lexed = Lexer.lex(sql.toString(), mode);
                    assertThat(lexed.error()).as(sql.toString()).isNull();
                    assertThat(typesAndValues(lexed)).as(sql.toString()).isEqualTo(expected);
                    assertThat(lexed.hints()).isEmpty();
                    assertThat(lexed.statements()).hasSize(1);
                });
    }

    @Test
    void aTrailingLineCommentWithoutNewlineIsFine() {
        theory(1000).forAll(anyText(60), arbitrary().pick(List.of("-- ", "#", "--", "--\t"))).checkAssert((body, opener) -> {
            Lexed lexed = Lexer.lex("SELECT 1 " + opener + lineBody(body), SqlMode.DEFAULT);
            if (opener.equals("--") && !lineBody(body).isEmpty() && lineBody(body).charAt(0) > ' '
                    && lineBody(body).charAt(0) != 0x7F) {
                return; // not a comment: "--x" is two minus signs and x
            }
            assertThat(lexed.error()).isNull();
            assertThat(lexed.tokens()).extracting(Token::value).containsExactly("SELECT", "1");
        });
    }

    // ---- (d) statements ----

    private static final List<String> SIMPLE = List.of(
            "SELECT 1", "SELECT a FROM t WHERE b = 'x;y'", "UPDATE t SET a = 1 WHERE id = 2",
            "DELETE FROM `t;` WHERE c = \"--\"", "SHOW TABLES", "BEGIN", "SET @a = ';'", "/*!SELECT*/ 2",
            "INSERT INTO t (a) VALUES ('#'), (';')", "SELECT 1--1", "SELECT `a``;` FROM s.t", "COMMIT",
            "SELECT /*! 1, */ 2", "SELECT 'it''s;'", "DROP TABLE x", "SELECT @@session.autocommit",
            "SELECT * FROM t WHERE a IN (?, ?)", "SELECT 'a' 'b'");

    @Test
    void statementsJoinedBySemicolonsAreCountedExactly() {
        Gen<List<String>> statements = lists().of(arbitrary().pick(SIMPLE)).ofSizeBetween(1, 6);
        theory(2000).forAll(statements, lists().of(anyText(20)).ofSizeBetween(0, 6), seeds()).checkAssert((list, bodies, seed) -> {
            Random random = new Random(seed);
            StringBuilder sql = new StringBuilder();
            int b = 0;
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sql.append(around(random, bodies, b++)).append(';').append(around(random, bodies, b++));
                }
                sql.append(list.get(i));
            }
            if (random.nextBoolean()) {
                sql.append(around(random, bodies, b++)).append(';');
            }
            sql.append(around(random, bodies, b++));
            if (random.nextBoolean() && !bodies.isEmpty()) {
                // a final line comment needs no newline
                sql.append("-- ").append(lineBody(bodies.get(0)));
            }
            Lexed lexed = Lexer.lex(sql.toString(), SqlMode.DEFAULT);
            assertThat(lexed.error()).as(sql.toString()).isNull();
            List<List<Token>> got = lexed.statements();
            assertThat(got).as(sql.toString()).hasSize(list.size());
            for (int i = 0; i < list.size(); i++) {
                List<Kv> alone = typesAndValues(Lexer.lex(list.get(i), SqlMode.DEFAULT));
                assertThat(got.get(i).stream().map(t -> new Kv(t.type(), t.value())).toList()).isEqualTo(alone);
            }
        });
    }

    /** Whitespace, and sometimes an ordinary comment, to go around a separator. */
    private static String around(Random random, List<String> bodies, int index) {
        String space = SPACES.get(random.nextInt(SPACES.size()));
        if (bodies.isEmpty() || random.nextInt(3) == 0) {
            return space;
        }
        return space + comment(bodies.get(index % bodies.size()), random.nextInt(6)) + SPACES.get(random.nextInt(SPACES.size()));
    }

    @Test
    void aDoubledSemicolonAlwaysMakesMoreThanOneStatement() {
        theory(500).forAll(arbitrary().pick(SIMPLE), arbitrary().pick(SPACES)).checkAssert((statement, space) -> {
            assertThat(Lexer.lex(statement + ";" + space + ";", SqlMode.DEFAULT).statements()).hasSize(2);
            assertThat(Lexer.lex(";" + space + statement, SqlMode.DEFAULT).statements()).hasSize(2);
        });
    }

    // ---- (e) anything ----

    @Test
    void lexingArbitraryTextNeverThrowsAndYieldsOrderedTokensInsideTheInput() {
        theory(4000).forAll(strings().allPossible().ofLengthBetween(0, 200).mix(hostile(60)), arbitrary().pick(MODES))
                .checkAssert((sql, mode) -> {
                    Lexed[] holder = new Lexed[1];
                    assertThatCode(() -> holder[0] = Lexer.lex(sql, mode)).doesNotThrowAnyException();
                    Lexed lexed = holder[0];
                    assertThat(lexed).isNotNull();
                    if (!lexed.ok()) {
                        assertThat(lexed.error()).isNotBlank();
                        assertThat(lexed.tokens()).isEmpty();
                        return;
                    }
                    List<Token> tokens = lexed.tokens();
                    int previousEnd = 0;
                    int semicolons = 0;
                    for (Token t : tokens) {
                        assertThat(t.start()).as("start of %s in %s", t, sql).isGreaterThanOrEqualTo(previousEnd);
                        assertThat(t.end()).as("end of %s", t).isGreaterThan(t.start()).isLessThanOrEqualTo(sql.length());
                        assertThat(t.value()).isNotNull();
                        if (t.type() != Type.STRING) {
                            // joined strings are respelled; every other token is its own text
                            assertThat(sql.substring(t.start(), t.end())).isEqualTo(t.text());
                        }
                        if (t.type() == Type.SEMICOLON) {
                            semicolons++;
                        }
                        previousEnd = t.end();
                    }
                    boolean trailing = !tokens.isEmpty() && tokens.get(tokens.size() - 1).type() == Type.SEMICOLON;
                    List<List<Token>> statements = lexed.statements();
                    assertThat(statements).hasSize(semicolons + 1 - (trailing ? 1 : 0));
                    assertThat(statements.stream().mapToInt(List::size).sum() + semicolons).isEqualTo(tokens.size());
                });
    }

    @Test
    void theLexerIsDeterministic() {
        theory(500).forAll(hostile(60), arbitrary().pick(MODES)).checkAssert((sql, mode) ->
                assertThat(Lexer.lex(sql, mode)).isEqualTo(Lexer.lex(sql, mode)));
    }
}
