package dev.guard.sql;

import dev.guard.catalog.Catalog;
import dev.guard.policy.StatementKind;
import dev.guard.sql.Analysis.Form;
import dev.guard.sql.Analysis.Verdict;
import dev.guard.sql.Analysis.WhereShape;
import dev.guard.sql.Work.Unsupported;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one request into an {@link Analysis}: lexes it as MySQL does, classifies statements
 * that need no parse tree from their tokens, and walks JSqlParser's tree for the rest. Fails
 * closed: whatever it does not understand yields a denying verdict with a reason. Never throws.
 *
 * <p>Thread-safe; holds only the catalog.
 */
public final class Analyzer {

    /** Requests longer than this are not read at all. */
    public static final int MAX_STATEMENT_LENGTH = 1 << 20;

    private static final Set<String> ALLOWED_CHARSETS = Set.of("utf8mb4", "utf8mb3", "utf8", "latin1", "ascii", "binary");
    private static final Set<String> SETTABLE = Set.of("autocommit", "time_zone", "transaction_isolation",
            "transaction_read_only", "character_set_client", "character_set_connection", "character_set_results",
            "collation_connection");
    /** First words of MySQL statements that exist but that the contract does not name. */
    private static final Set<String> OTHER_MYSQL_STATEMENTS = Set.of("analyze", "check", "checksum", "optimize",
            "repair", "cache", "help", "import", "signal", "resignal", "get", "iterate", "leave", "return", "declare",
            "open", "close", "fetch", "loop", "repeat", "while", "if", "case", "table", "values");
    private static final Set<String> DENIED_FIRST_WORDS = Set.of("prepare", "execute", "deallocate", "kill",
            "shutdown", "restart", "flush", "unlock", "handler", "install", "uninstall", "xa", "clone", "binlog",
            "purge", "grant", "revoke");
    static final Set<String> DENIED_FUNCTIONS = Set.of("load_file", "sleep", "benchmark", "get_lock",
            "release_lock", "release_all_locks", "is_free_lock", "is_used_lock", "master_pos_wait",
            "source_pos_wait", "master_gtid_wait", "wait_for_executed_gtid_set", "wait_until_sql_thread_after_gtids");

    private final Catalog catalog;

    public Analyzer(Catalog catalog) {
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * Analyses {@code sql} with {@code schema} as the current schema (null for none) under
     * {@code mode}.
     */
    public Analysis analyze(String sql, String schema, SqlMode mode) {
        if (sql == null || sql.length() > MAX_STATEMENT_LENGTH) {
            return Work.early(Verdict.UNPARSABLE, sql == null ? "the request has no statement"
                    : "the statement is longer than " + MAX_STATEMENT_LENGTH + " characters", null);
        }
        Lexed lexed = Lexer.lex(sql, mode);
        if (!lexed.ok()) {
            return Work.early(Verdict.UNPARSABLE, lexed.error(), null);
        }
        List<List<Token>> statements = lexed.statements();
        if (statements.size() > 1) {
            return Work.early(Verdict.MULTI_STATEMENT, "the request holds " + statements.size()
                    + " statements; send one statement per request", null);
        }
        List<Token> tokens = statements.get(0);
        if (tokens.isEmpty()) {
            return Work.early(Verdict.UNPARSABLE, "the request holds no statement", null);
        }
        try {
            return statement(tokens, lexed.hints(), schema, mode, 0);
        } catch (Unsupported e) {
            return Work.early(e.verdict, e.getMessage(), null);
        } catch (RuntimeException | StackOverflowError e) {
            // Fail closed on anything unexpected; the message names no data from the statement.
            return Work.early(Verdict.UNPARSABLE, "Guard could not analyse this statement ("
                    + e.getClass().getSimpleName() + ")", null);
        }
    }

    Analysis statement(List<Token> tokens, List<String> hints, String schema, SqlMode mode, int depth) {
        if (depth > 4) {
            throw new Unsupported("statements nested this deeply are not supported");
        }
        Tokens t = new Tokens(tokens);
        Token first = t.peek();
        String word = first.type() == Token.Type.WORD ? first.value().toLowerCase(Locale.ROOT) : first.value();
        Work work = new Work(schema);
        switch (word) {
            case "select", "with", "(" -> {
                checkHints(hints);
                return query(tokens, schema, mode, work, StatementKind.SELECT, false);
            }
            case "insert", "update", "delete", "replace" -> {
                checkHints(hints);
                StatementKind kind = StatementKind.valueOf(word.toUpperCase(Locale.ROOT));
                return query(tokens, schema, mode, work, kind, false);
            }
            case "table" -> {
                List<Token> rewritten = new ArrayList<>();
                rewritten.add(synthetic("SELECT"));
                rewritten.add(synthetic("*"));
                rewritten.add(synthetic("FROM"));
                rewritten.addAll(tokens.subList(1, tokens.size()));
                return query(tokens, rewritten, schema, mode, work, StatementKind.SELECT, false);
            }
            case "values" -> {
                return query(tokens, schema, mode, work, StatementKind.SELECT, false);
            }
            case "do" -> {
                List<Token> rewritten = new ArrayList<>();
                rewritten.add(synthetic("SELECT"));
                rewritten.addAll(tokens.subList(1, tokens.size()));
                return query(tokens, rewritten, schema, mode, work, StatementKind.SELECT, true);
            }
            case "begin", "start", "commit", "rollback", "savepoint", "release" -> {
                return transaction(t, word);
            }
            case "set" -> {
                return new SetStatement(this, tokens, schema, mode).analyse();
            }
            case "use" -> {
                t.pos++;
                String s = name(t);
                end(t);
                work.form = Form.USE;
                work.formSchema = s;
                return work.finish(Fingerprint.of(tokens, work));
            }
            case "show" -> {
                return Show.analyse(this, t, work);
            }
            case "describe", "desc", "explain" -> {
                return explain(t, hints, schema, mode, work, depth);
            }
            case "create", "alter", "drop", "truncate", "rename" -> {
                return Ddl.analyse(this, t, tokens, hints, schema, mode, work);
            }
            case "call" -> {
                return Ddl.call(this, t, tokens, schema, mode, work);
            }
            case "load" -> {
                if (t.is(1, "data") || t.is(1, "xml")) {
                    throw new Unsupported(Verdict.ALWAYS_DENIED, "LOAD DATA and LOAD XML read files on the server or the client; Guard never runs them");
                }
                throw new Unsupported(Verdict.UNKNOWN_KIND, "LOAD " + (t.peek(1) == null ? "" : t.peek(1).value().toUpperCase(Locale.ROOT)) + " is not a statement Guard's policy language covers");
            }
            case "lock" -> {
                throw new Unsupported(Verdict.ALWAYS_DENIED, "LOCK TABLES and LOCK INSTANCE are server and session control, which Guard never runs; use transactions (SELECT ... FOR UPDATE) instead");
            }
            case "stop", "reset", "change" -> {
                throw new Unsupported(Verdict.ALWAYS_DENIED, "replication and server control statements are never run through Guard");
            }
            default -> {
                if (DENIED_FIRST_WORDS.contains(word)) {
                    throw new Unsupported(Verdict.ALWAYS_DENIED, deniedReason(word));
                }
                if (OTHER_MYSQL_STATEMENTS.contains(word)) {
                    throw new Unsupported(Verdict.UNKNOWN_KIND, word.toUpperCase(Locale.ROOT) + " statements are not covered by Guard's policy language, so Guard does not run them");
                }
                throw new Unsupported("'" + (first.type() == Token.Type.WORD ? first.value() : first.type().name().toLowerCase(Locale.ROOT))
                        + "' does not start a MySQL statement");
            }
        }
    }

    private static String deniedReason(String word) {
        return switch (word) {
            case "prepare", "execute", "deallocate" -> "dynamic SQL (PREPARE, EXECUTE, DEALLOCATE) would hide the statement from Guard; send the statement itself, with ? placeholders for values";
            case "grant", "revoke" -> "accounts and privileges (GRANT, REVOKE) are never managed through Guard";
            default -> word.toUpperCase(Locale.ROOT) + " is server control, which Guard never runs";
        };
    }

    static Token synthetic(String word) {
        boolean op = !Character.isLetter(word.charAt(0));
        return new Token(op ? Token.Type.OP : Token.Type.WORD, word, word, -1, -1);
    }

    private Analysis query(List<Token> tokens, String schema, SqlMode mode, Work work, StatementKind kind, boolean noRows) {
        return query(tokens, tokens, schema, mode, work, kind, noRows);
    }

    Analysis query(List<Token> original, List<Token> tokens, String schema, SqlMode mode, Work work,
                   StatementKind kind, boolean noRows) {
        work.kind = kind;
        QueryWalker.walk(this, original, tokens, mode, work, noRows);
        return work.finish(Fingerprint.of(original, work));
    }

    /** A SET_VAR optimizer hint is judged as the SET it performs; other hints are harmless. */
    private void checkHints(List<String> hints) {
        for (String hint : hints) {
            Lexed lexed = Lexer.lex(hint, SqlMode.DEFAULT);
            if (!lexed.ok()) {
                throw new Unsupported(Verdict.UNPARSABLE, "an optimizer hint could not be read: " + lexed.error());
            }
            List<Token> ts = lexed.tokens();
            for (int i = 0; i < ts.size(); i++) {
                if (ts.get(i).is("set_var")) {
                    int close = i + 2;
                    while (close < ts.size() && !ts.get(close).is(")")) {
                        close++;
                    }
                    if (i + 1 >= ts.size() || !ts.get(i + 1).is("(") || close >= ts.size()) {
                        throw new Unsupported(Verdict.ALWAYS_DENIED, "a SET_VAR hint that Guard cannot read is denied");
                    }
                    if (!systemAssignmentAllowed(ts.subList(i + 2, close), true)) {
                        throw new Unsupported(Verdict.ALWAYS_DENIED, "a SET_VAR hint is judged as the SET it performs, and that SET is not one Guard allows");
                    }
                }
            }
        }
    }

    private Analysis transaction(Tokens t, String word) {
        t.pos++;
        switch (word) {
            case "begin" -> t.accept("work");
            case "start" -> {
                if (!t.accept("transaction")) {
                    if (t.is("slave") || t.is("replica") || t.is("group_replication")) {
                        throw new Unsupported(Verdict.ALWAYS_DENIED, "replication control is never run through Guard");
                    }
                    throw new Unsupported("START must be followed by TRANSACTION");
                }
                do {
                    if (!(t.acceptAll("read", "only") || t.acceptAll("read", "write")
                            || t.acceptAll("with", "consistent", "snapshot"))) {
                        break;
                    }
                } while (t.accept(","));
            }
            case "commit", "rollback" -> {
                t.accept("work");
                if (word.equals("rollback") && t.accept("to")) {
                    t.accept("savepoint");
                    name(t);
                    break;
                }
                if (t.accept("and")) {
                    t.accept("no");
                    expectWord(t, "chain");
                }
                if (!t.accept("release")) {
                    if (t.accept("no")) {
                        expectWord(t, "release");
                    }
                }
            }
            case "savepoint" -> name(t);
            case "release" -> {
                expectWord(t, "savepoint");
                name(t);
            }
            default -> throw new IllegalStateException(word);
        }
        end(t);
        return Work.early(Verdict.ALWAYS_ALLOWED, "transaction control is always allowed", null);
    }

    private Analysis explain(Tokens t, List<String> hints, String schema, SqlMode mode, Work work, int depth) {
        t.pos++;
        // DESCRIBE t [column]: the table's columns, read as SHOW COLUMNS.
        if (t.peek() != null && t.peek().isIdentifier() && !isStatementStart(t.peek())) {
            QualifiedName table = qualifiedName(t);
            if (!t.atEnd() && (t.peek().isIdentifier() || t.peek().type() == Token.Type.STRING)) {
                t.pos++;
            }
            end(t);
            work.form = Form.DESCRIBE;
            return Show.describe(this, table, work, t.list);
        }
        boolean analyze = false;
        while (!t.atEnd()) {
            if (t.accept("analyze")) {
                analyze = true;
            } else if (t.accept("extended") || t.accept("partitions")) {
                continue;
            } else if (t.is("format") && t.is(1, "=")) {
                t.pos += 3;
            } else if (t.is("for") && t.is(1, "connection")) {
                throw new Unsupported(Verdict.UNKNOWN_KIND, "EXPLAIN FOR CONNECTION looks into another session; Guard does not run it");
            } else {
                break;
            }
        }
        if (t.atEnd()) {
            throw new Unsupported("EXPLAIN needs a statement");
        }
        Token next = t.peek();
        if (!(next.is("select") || next.is("with") || next.is("(") || next.is("table") || next.is("insert")
                || next.is("update") || next.is("delete") || next.is("replace") || next.is("values"))) {
            throw new Unsupported(Verdict.UNKNOWN_KIND, "EXPLAIN covers SELECT, TABLE, INSERT, UPDATE, DELETE and REPLACE statements only");
        }
        Analysis inner = statement(t.rest(), hints, schema, mode, depth + 1);
        if (inner.verdict() != Verdict.ANALYSED) {
            return inner;
        }
        work.form = analyze ? Form.EXPLAIN_ANALYZE : Form.EXPLAIN;
        work.inner = inner;
        work.kind = inner.kind();
        return work.finish(inner.fingerprint());
    }

    private static boolean isStatementStart(Token t) {
        return t.type() == Token.Type.WORD && Set.of("select", "with", "table", "insert", "update", "delete",
                "replace", "values", "analyze", "format", "extended", "partitions", "for").contains(t.value().toLowerCase(Locale.ROOT));
    }

    // ---- SET ----

    /**
     * Whether one system-variable assignment ({@code name = value}, tokens without SET) is one of
     * the always-allowed SETs. Scope words other than SESSION and LOCAL never are.
     */
    boolean systemAssignmentAllowed(List<Token> assignment, boolean hint) {
        Tokens t = new Tokens(assignment);
        String variable;
        Token first = t.peek();
        if (first == null) {
            return false;
        }
        if (first.type() == Token.Type.SYS_VAR) {
            t.pos++;
            String v = first.value().toLowerCase(Locale.ROOT);
            if (v.startsWith("session.")) {
                v = v.substring(8);
            } else if (v.startsWith("local.")) {
                v = v.substring(6);
            } else if (v.contains(".")) {
                return false;
            }
            variable = v;
        } else {
            if (!hint && (t.accept("session") || t.accept("local"))) {
                first = t.peek();
            }
            if (first == null || first.type() != Token.Type.WORD && first.type() != Token.Type.QUOTED_IDENT) {
                return false;
            }
            t.pos++;
            variable = first.value().toLowerCase(Locale.ROOT);
        }
        if (!SETTABLE.contains(variable)) {
            return false;
        }
        if (!(t.accept("=") || (!hint && t.accept(":=")))) {
            return false;
        }
        List<Token> value = t.rest();
        if (value.size() != 1) {
            // A signed number is still a literal.
            if (value.size() == 2 && (value.get(0).is("-") || value.get(0).is("+"))
                    && value.get(1).type() == Token.Type.NUMBER && variable.equals("time_zone")) {
                return true;
            }
            return false;
        }
        Token v = value.get(0);
        String text = v.value().toLowerCase(Locale.ROOT);
        boolean literal = v.isLiteral() || v.is("on") || v.is("off") || v.is("true") || v.is("false")
                || v.is("default") || v.type() == Token.Type.WORD && variable.startsWith("character_set")
                || v.type() == Token.Type.WORD && variable.equals("collation_connection")
                || v.type() == Token.Type.WORD && variable.equals("transaction_isolation");
        if (!literal) {
            return v.is("null") && variable.equals("character_set_results");
        }
        if (variable.startsWith("character_set")) {
            return v.is("default") || ALLOWED_CHARSETS.contains(text) || v.is("null") && variable.equals("character_set_results");
        }
        if (variable.equals("collation_connection")) {
            return v.is("default") || allowedCollation(text);
        }
        return true;
    }

    static boolean allowedCharset(String name) {
        return ALLOWED_CHARSETS.contains(name.toLowerCase(Locale.ROOT));
    }

    static boolean allowedCollation(String name) {
        String c = name.toLowerCase(Locale.ROOT);
        if (c.equals("binary")) {
            return true;
        }
        int underscore = c.indexOf('_');
        return underscore > 0 && ALLOWED_CHARSETS.contains(c.substring(0, underscore));
    }

    // ---- shared token helpers ----

    /** A possibly qualified object name: {@code name} or {@code schema.name}. */
    record QualifiedName(String schema, String name, int first, int last) {}

    static QualifiedName qualifiedName(Tokens t) {
        int first = t.pos;
        String a = name(t);
        if (t.is(".") && t.peek(1) != null && t.peek(1).isIdentifier()) {
            t.pos++;
            String b = name(t);
            return new QualifiedName(a, b, first, t.pos - 1);
        }
        return new QualifiedName(null, a, first, t.pos - 1);
    }

    static String name(Tokens t) {
        Token tok = t.atEnd() ? null : t.peek();
        if (tok == null || !(tok.isIdentifier() || tok.type() == Token.Type.STRING)) {
            throw new Unsupported("expected a name" + (tok == null ? " at the end of the statement" : " but found '" + tok.text() + "'"));
        }
        t.pos++;
        return tok.value();
    }

    static void expectWord(Tokens t, String word) {
        if (!t.accept(word)) {
            throw new Unsupported("expected " + word.toUpperCase(Locale.ROOT));
        }
    }

    static void end(Tokens t) {
        if (!t.atEnd()) {
            throw new Unsupported("unexpected '" + t.peek().text() + "' in this statement");
        }
    }
}
