package dev.guard.policy;

import dev.guard.yaml.YamlReader;
import java.util.Objects;

/**
 * A masked column, {@code schema.table.column}. Schema and table compare exactly; the column is stored with
 * ASCII letters lower-cased, since column names compare case-insensitively (in ASCII only).
 */
public record ColumnName(String schema, String table, String column) {
    public ColumnName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        column = NameSyntax.lowerAscii(Objects.requireNonNull(column, "column"));
    }

    /**
     * Reads {@code schema.table.column}: exactly three non-empty parts, no wildcard, no whitespace.
     *
     * @throws IllegalArgumentException whose message is the reason
     */
    static ColumnName parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3 || !NameSyntax.plain(parts[0], false) || !NameSyntax.plain(parts[1], false)
                || !NameSyntax.plain(parts[2], false)) {
            throw new IllegalArgumentException(
                    YamlReader.quote(text) + " is not a column; expected schema.table.column");
        }
        return new ColumnName(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return schema + "." + table + "." + column;
    }
}
