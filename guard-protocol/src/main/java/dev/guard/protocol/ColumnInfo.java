package dev.guard.protocol;

import java.io.IOException;

/**
 * A result column as the caller sees it: label (alias), source column, table and schema, JDBC
 * type, and whether Guard masks it (by which rule and method). Sent once per result.
 */
public record ColumnInfo(String label, String name, String table, String schema, int jdbcType, String typeName,
                         int precision, int scale, int displaySize, int nullable, boolean signed,
                         boolean autoIncrement, String maskRule, String maskMethod) {

    void write(WireWriter w) {
        w.string(label).string(name).string(table).string(schema).zigzag(jdbcType).string(typeName)
                .varInt(precision).zigzag(scale).varInt(displaySize).u8(nullable).bool(signed).bool(autoIncrement)
                .nullableString(maskRule).nullableString(maskMethod);
    }

    static ColumnInfo read(WireReader r) throws IOException {
        return new ColumnInfo(r.string(), r.string(), r.string(), r.string(), (int) r.zigzag(), r.string(),
                r.varInt(), (int) r.zigzag(), r.varInt(), r.u8(), r.bool(), r.bool(), r.nullableString(), r.nullableString());
    }

    public boolean masked() {
        return maskMethod != null;
    }
}
