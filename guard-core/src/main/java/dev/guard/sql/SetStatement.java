package dev.guard.sql;

import dev.guard.policy.StatementKind;
import dev.guard.sql.Analysis.Verdict;
import dev.guard.sql.Work.Unsupported;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code SET}: the always-allowed forms of the contract (session character sets, time zone,
 * autocommit, transaction characteristics, user variables set to literals), user variables set
 * to expressions (decided as {@code SELECT expr}, whose values are stored), and everything else
 * always denied.
 */
final class SetStatement {

    private final Analyzer analyzer;
    private final List<Token> tokens;
    private final String schema;
    private final SqlMode mode;

    SetStatement(Analyzer analyzer, List<Token> tokens, String schema, SqlMode mode) {
        this.analyzer = analyzer;
        this.tokens = tokens;
        this.schema = schema;
        this.mode = mode;
    }

    Analysis analyse() {
        Tokens t = new Tokens(tokens);
        t.pos = 1;
        if (t.atEnd()) {
            throw new Unsupported("SET needs an assignment");
        }
        if (t.is("global") || t.is("persist") || t.is("persist_only")) {
            throw denied("SET GLOBAL and SET PERSIST change the server for every session; Guard never runs them");
        }
        if (t.is("password") || t.is("role") || t.acceptAll("default", "role")) {
            throw denied("accounts, passwords and roles are never managed through Guard");
        }
        if (t.is("statement")) {
            throw denied("SET STATEMENT ... FOR changes server variables for a statement; Guard never runs it");
        }
        if (t.is("resource")) {
            throw denied("resource groups are server control, which Guard never runs");
        }
        int save = t.pos;
        t.accept("session");
        t.accept("local");
        if (t.accept("transaction")) {
            transactionCharacteristics(t);
            return Work.early(Verdict.ALWAYS_ALLOWED, "setting the session's transaction characteristics is always allowed", null);
        }
        t.pos = save;
        List<List<Token>> assignments = Tokens.splitTopLevel(t.rest());
        List<List<Token>> expressions = new ArrayList<>();
        for (List<Token> a : assignments) {
            if (a.isEmpty()) {
                throw new Unsupported("SET has an empty assignment");
            }
            Token first = a.get(0);
            if (first.type() == Token.Type.USER_VAR) {
                if (a.size() < 3 || !(a.get(1).is("=") || a.get(1).is(":="))) {
                    throw new Unsupported("a user variable assignment needs = and a value");
                }
                List<Token> value = a.subList(2, a.size());
                if (!isLiteral(value)) {
                    expressions.add(value);
                }
            } else if (first.is("names")) {
                names(a);
            } else if (first.is("charset") || (first.is("character") && a.size() > 1 && a.get(1).is("set"))) {
                int at = first.is("charset") ? 1 : 2;
                if (a.size() != at + 1 || !(a.get(at).is("default") || Analyzer.allowedCharset(a.get(at).value()))) {
                    throw denied("SET CHARACTER SET allows only utf8mb4, utf8mb3, utf8, latin1, ascii or binary; other charsets would change how later requests must be read");
                }
            } else if (first.is("global") || first.is("persist") || first.is("persist_only")
                    || first.type() == Token.Type.SYS_VAR && !sessionScoped(first.value())) {
                throw denied("SET GLOBAL and SET PERSIST change the server for every session; Guard never runs them");
            } else if (!analyzer.systemAssignmentAllowed(a, false)) {
                throw denied("this SET is not one Guard allows: only autocommit, time_zone, transaction_isolation, "
                        + "transaction_read_only and the session character sets may be set, to a literal value");
            }
        }
        if (expressions.isEmpty()) {
            return Work.early(Verdict.ALWAYS_ALLOWED, "setting session variables and user variables to literals is always allowed", null);
        }
        // SET @u = expr is decided as SELECT expr, and its values are stored: no masked data may reach them.
        List<Token> select = new ArrayList<>();
        select.add(Analyzer.synthetic("SELECT"));
        for (int i = 0; i < expressions.size(); i++) {
            if (i > 0) {
                select.add(Analyzer.synthetic(","));
            }
            select.addAll(expressions.get(i));
        }
        Work work = new Work(schema);
        work.kind = StatementKind.SELECT;
        QueryWalker.walk(analyzer, tokens, select, mode, work, false);
        work.copyAllOutputs();
        return work.finish(Fingerprint.of(tokens, work));
    }

    private static boolean sessionScoped(String sysVar) {
        String v = sysVar.toLowerCase(Locale.ROOT);
        return !v.contains(".") || v.startsWith("session.") || v.startsWith("local.");
    }

    private static Unsupported denied(String reason) {
        return new Unsupported(Verdict.ALWAYS_DENIED, reason);
    }

    private static boolean isLiteral(List<Token> value) {
        if (value.size() == 1) {
            Token v = value.get(0);
            return v.isLiteral() || v.is("null") || v.is("true") || v.is("false");
        }
        return value.size() == 2 && (value.get(0).is("-") || value.get(0).is("+")) && value.get(1).type() == Token.Type.NUMBER;
    }

    private static void names(List<Token> a) {
        if (a.size() == 2 && a.get(1).is("default")) {
            return;
        }
        boolean ok = a.size() >= 2 && Analyzer.allowedCharset(a.get(1).value());
        if (ok && a.size() > 2) {
            ok = a.size() == 4 && a.get(2).is("collate") && (a.get(3).is("default") || Analyzer.allowedCollation(a.get(3).value()));
        }
        if (!ok) {
            throw denied("SET NAMES allows only utf8mb4, utf8mb3, utf8, latin1, ascii or binary (and their collations); "
                    + "other charsets would change how later requests must be read");
        }
    }

    private static void transactionCharacteristics(Tokens t) {
        do {
            if (t.acceptAll("isolation", "level")) {
                if (!(t.acceptAll("read", "uncommitted") || t.acceptAll("read", "committed")
                        || t.acceptAll("repeatable", "read") || t.accept("serializable"))) {
                    throw new Unsupported("unknown isolation level");
                }
            } else if (!(t.acceptAll("read", "only") || t.acceptAll("read", "write"))) {
                throw new Unsupported("SET TRANSACTION takes ISOLATION LEVEL, READ ONLY or READ WRITE");
            }
        } while (t.accept(","));
        Analyzer.end(t);
    }
}
