package dev.guard.catalog;

import dev.guard.sql.Analysis;
import dev.guard.sql.Analyzer;
import dev.guard.sql.Lexed;
import dev.guard.sql.Lexer;
import dev.guard.sql.SqlMode;
import dev.guard.sql.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a {@link Catalog} from a file of DDL ({@code CREATE DATABASE}, {@code USE},
 * {@code CREATE TABLE}, {@code CREATE VIEW}, one-statement {@code CREATE PROCEDURE} and
 * {@code CREATE FUNCTION} headers), as {@code guard check --catalog} reads it. Anything else is
 * an error naming the line, so that a catalog never silently lacks a table.
 */
public final class DdlCatalog {

    private DdlCatalog() {}

    /** Thrown for a catalog file Guard cannot read; the message names the file and line. */
    public static final class CatalogException extends Exception {
        public CatalogException(String message) {
            super(message);
        }
    }

    public static Catalog load(Path file) throws IOException, CatalogException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static Catalog parse(String ddl, String source) throws CatalogException {
        Lexed lexed = Lexer.lex(ddl, SqlMode.DEFAULT);
        if (!lexed.ok()) {
            throw new CatalogException(source + ": " + lexed.error());
        }
        Catalog.Builder builder = Catalog.builder();
        String current = null;
        for (List<Token> st : lexed.statements()) {
            if (st.isEmpty()) {
                continue;
            }
            int line = lineOf(ddl, st.get(0).start());
            String where = source + ":" + line + ": ";
            int i = 0;
            String verb = st.get(0).value().toLowerCase(Locale.ROOT);
            if (verb.equals("use") && st.size() == 2) {
                current = st.get(1).value();
                builder.schema(current);
                continue;
            }
            if (verb.equals("set") || verb.equals("drop") && contains(st, "exists")) {
                continue; // session settings and clean-up lines of dump files
            }
            if (!verb.equals("create")) {
                throw new CatalogException(where + "only CREATE DATABASE, USE, CREATE TABLE, CREATE VIEW, CREATE PROCEDURE and CREATE FUNCTION may appear in a catalog");
            }
            i = 1;
            while (i < st.size() && (st.get(i).is("or") || st.get(i).is("replace") || st.get(i).is("temporary")
                    || st.get(i).is("algorithm") || st.get(i).is("=") || st.get(i).is("definer") || st.get(i).is("sql")
                    || st.get(i).is("security") || st.get(i).is("undefined") || st.get(i).is("merge")
                    || st.get(i).is("temptable") || st.get(i).is("invoker"))) {
                i++;
            }
            if (i >= st.size()) {
                throw new CatalogException(where + "incomplete CREATE statement");
            }
            String object = st.get(i).value().toLowerCase(Locale.ROOT);
            i++;
            if (i + 2 < st.size() && st.get(i).is("if")) {
                i += st.get(i + 1).is("not") ? 3 : 2;
            }
            String[] name = name(st, i, current, where);
            int after = i + (name[2] == null ? 1 : 3);
            switch (object) {
                case "database", "schema" -> builder.schema(name[1]);
                case "table" -> builder.table(name[0], name[1], columns(st, after, where));
                case "view" -> view(builder, st, after, name, where, ddl);
                case "procedure" -> builder.routine(name[0], name[1], false);
                case "function" -> builder.routine(name[0], name[1], true);
                default -> throw new CatalogException(where + "CREATE " + object.toUpperCase(Locale.ROOT) + " is not supported in a catalog");
            }
        }
        return builder.build();
    }

    private static boolean contains(List<Token> st, String word) {
        return st.stream().anyMatch(t -> t.is(word));
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** {schema, name, qualified?}: a name, qualified or resolved against the current schema. */
    private static String[] name(List<Token> st, int i, String current, String where) throws CatalogException {
        if (i >= st.size() || !st.get(i).isIdentifier()) {
            throw new CatalogException(where + "expected a name");
        }
        if (i + 2 < st.size() && st.get(i + 1).is(".") && st.get(i + 2).isIdentifier()) {
            return new String[] {st.get(i).value(), st.get(i + 2).value(), "qualified"};
        }
        return new String[] {current, st.get(i).value(), null};
    }

    private static List<String> columns(List<Token> st, int i, String where) throws CatalogException {
        if (i >= st.size() || !st.get(i).is("(")) {
            throw new CatalogException(where + "a catalog table needs its column definitions");
        }
        List<String> columns = new ArrayList<>();
        int depth = 0;
        boolean start = true;
        for (int j = i + 1; j < st.size(); j++) {
            Token t = st.get(j);
            if (depth == 0 && t.is(")")) {
                return columns;
            }
            if (start && depth == 0) {
                if (!(t.is("primary") || t.is("key") || t.is("index") || t.is("unique") || t.is("constraint")
                        || t.is("foreign") || t.is("fulltext") || t.is("spatial") || t.is("check"))) {
                    if (!t.isIdentifier()) {
                        throw new CatalogException(where + "expected a column name");
                    }
                    columns.add(t.value());
                }
                start = false;
            }
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (t.is(",") && depth == 0) {
                start = true;
            }
        }
        throw new CatalogException(where + "unterminated column definitions");
    }

    private static void view(Catalog.Builder builder, List<Token> st, int i, String[] name, String where, String ddl)
            throws CatalogException {
        List<String> listed = new ArrayList<>();
        if (i < st.size() && st.get(i).is("(")) {
            i++;
            while (i < st.size() && !st.get(i).is(")")) {
                if (st.get(i).isIdentifier()) {
                    listed.add(st.get(i).value());
                }
                i++;
            }
            i++;
        }
        if (i >= st.size() || !st.get(i).is("as")) {
            throw new CatalogException(where + "a view needs AS and its query");
        }
        String query = ddl.substring(st.get(i + 1).start(), st.get(st.size() - 1).end());
        // The view's columns are its query's result labels, resolved against what is defined so far.
        Analysis a = new Analyzer(builder.build()).analyze(query, name[0], SqlMode.DEFAULT);
        if (a.verdict() != Analysis.Verdict.ANALYSED || !a.unknownObjects().isEmpty()) {
            throw new CatalogException(where + "the query of view " + name[1] + " cannot be analysed: "
                    + (a.reason() != null ? a.reason() : "it refers to " + a.unknownObjects()));
        }
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < a.outputs().size(); k++) {
            columns.add(listed.isEmpty() ? a.outputs().get(k).label() : listed.get(k));
        }
        builder.view(name[0], name[1], columns, query);
    }
}
