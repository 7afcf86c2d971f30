package dev.guard.policy;

import dev.guard.yaml.YamlReader;
import java.util.Objects;

/**
 * An entry of a rule's {@code tables}: {@code schema.table}, {@code schema.*} or {@code *.*}.
 * Names compare exactly (case-sensitively); {@code *} matches anything. Excluding the system schemas
 * from wildcards is the engine's business, not this record's.
 */
public record TablePattern(String schema, String table) {
    public static final String ANY = "*";

    public TablePattern {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        if (schema.isEmpty() || table.isEmpty()) throw new IllegalArgumentException("empty schema or table");
        if (schema.equals(ANY) && !table.equals(ANY)) {
            throw new IllegalArgumentException("*.table is not a table pattern");
        }
    }

    /**
     * Reads {@code schema.table}, {@code schema.*} or {@code *.*}: exactly one dot, non-empty parts,
     * no whitespace or control characters, {@code *} only as a whole part.
     *
     * @throws IllegalArgumentException whose message is the reason
     */
    static TablePattern parse(String text) {
        String expected = YamlReader.quote(text) + " is not a table pattern; expected schema.table, schema.* or *.*";
        String[] parts = text.split("\\.", -1);
        if (parts.length != 2 || !NameSyntax.plain(parts[0], true) || !NameSyntax.plain(parts[1], true)
                || (parts[0].equals(ANY) && !parts[1].equals(ANY))) {
            throw new IllegalArgumentException(expected);
        }
        return new TablePattern(parts[0], parts[1]);
    }

    /** True when this pattern covers the table (exact, case-sensitive comparison; {@code *} matches anything). */
    public boolean matches(String schema, String table) {
        return (this.schema.equals(ANY) || this.schema.equals(schema))
                && (this.table.equals(ANY) || this.table.equals(table));
    }

    /** True for {@code schema.*} and {@code *.*}. */
    public boolean isWildcard() {
        return table.equals(ANY);
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
