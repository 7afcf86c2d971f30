package dev.guard.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schemas, tables, views, columns and routines Guard knows. Schema and table names compare
 * exactly (as with {@code lower_case_table_names=0}) unless the catalog was built to fold them;
 * column names compare case-insensitively in ASCII letters only. Immutable.
 */
public final class Catalog {

    /** A table or view and its columns in order. */
    public record Table(String schema, String name, List<String> columns, String viewQuery) {
        public Table {
            columns = List.copyOf(columns);
        }

        public boolean isView() {
            return viewQuery != null;
        }

        /** The column's name as the catalog spells it, or empty when the table has no such column. */
        public Optional<String> column(String name) {
            for (String c : columns) {
                if (equalsAsciiIgnoreCase(c, name)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** A stored procedure or function. */
    public record Routine(String schema, String name, boolean function) {}

    private final Map<String, Map<String, Table>> schemas;
    private final Map<String, Routine> routines;
    private final boolean foldNames;

    private Catalog(Map<String, Map<String, Table>> schemas, Map<String, Routine> routines, boolean foldNames) {
        this.schemas = schemas;
        this.routines = routines;
        this.foldNames = foldNames;
    }

    public static final Catalog EMPTY = new Builder().build();

    public static Builder builder() {
        return new Builder();
    }

    /** The names of the system schemas, which wildcards never match. */
    public static boolean isSystemSchema(String schema) {
        String s = schema.toLowerCase(Locale.ROOT);
        return s.equals("mysql") || s.equals("information_schema") || s.equals("performance_schema") || s.equals("sys");
    }

    /** MySQL compares column names in ASCII letters only ignoring case. */
    public static boolean equalsAsciiIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && asciiLower(x) != asciiLower(y)) {
                return false;
            }
        }
        return true;
    }

    public static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            b.append(asciiLower(s.charAt(i)));
        }
        return b.toString();
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private String key(String name) {
        return foldNames ? name.toLowerCase(Locale.ROOT) : name;
    }

    /** True when schema and table names compare case-insensitively ({@code lower_case_table_names} 1 or 2). */
    public boolean foldsNames() {
        return foldNames;
    }

    public boolean hasSchema(String schema) {
        return schemas.containsKey(key(schema));
    }

    public Optional<Table> table(String schema, String name) {
        Map<String, Table> tables = schemas.get(key(schema));
        return tables == null ? Optional.empty() : Optional.ofNullable(tables.get(key(name)));
    }

    public Collection<Table> tables(String schema) {
        Map<String, Table> tables = schemas.get(key(schema));
        return tables == null ? List.of() : tables.values();
    }

    public Set<String> schemaNames() {
        return schemas.keySet();
    }

    public Optional<Routine> routine(String schema, String name) {
        return Optional.ofNullable(routines.get(key(schema) + "." + name.toLowerCase(Locale.ROOT)));
    }

    /** Builds a catalog; later definitions of the same table replace earlier ones. */
    public static final class Builder {
        private final Map<String, Map<String, Table>> schemas = new LinkedHashMap<>();
        private final Map<String, Routine> routines = new LinkedHashMap<>();
        private boolean foldNames;

        public Builder foldNames(boolean fold) {
            this.foldNames = fold;
            return this;
        }

        private String key(String name) {
            return foldNames ? name.toLowerCase(Locale.ROOT) : name;
        }

        public Builder schema(String schema) {
            schemas.computeIfAbsent(key(schema), k -> new LinkedHashMap<>());
            return this;
        }

        public Builder table(String schema, String name, List<String> columns) {
            schema(schema).schemas.get(key(schema)).put(key(name), new Table(schema, name, columns, null));
            return this;
        }

        public Builder view(String schema, String name, List<String> columns, String query) {
            schema(schema).schemas.get(key(schema)).put(key(name), new Table(schema, name, columns, query));
            return this;
        }

        public Builder dropTable(String schema, String name) {
            Map<String, Table> tables = schemas.get(key(schema));
            if (tables != null) {
                tables.remove(key(name));
            }
            return this;
        }

        public Builder routine(String schema, String name, boolean function) {
            routines.put(key(schema) + "." + name.toLowerCase(Locale.ROOT), new Routine(schema, name, function));
            return this;
        }

        public Catalog build() {
            Map<String, Map<String, Table>> copy = new LinkedHashMap<>();
            schemas.forEach((s, t) -> copy.put(s, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(t))));
            return new Catalog(java.util.Collections.unmodifiableMap(copy),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(routines)), foldNames);
        }
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        schemas.forEach((s, t) -> t.keySet().forEach(n -> names.add(s + "." + n)));
        return "Catalog" + names;
    }
}
