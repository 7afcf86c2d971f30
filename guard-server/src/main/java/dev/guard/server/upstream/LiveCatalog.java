package dev.guard.server.upstream;

import dev.guard.catalog.Catalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the catalog from a live server's information_schema: tables and views with their
 * columns in order, view definitions (for masking lineage) and routines. Only what the
 * gateway's own account can see is listed, which is what it can run.
 */
public final class LiveCatalog {

    private LiveCatalog() {}

    private static final String SYSTEM = "('mysql', 'information_schema', 'performance_schema', 'sys')";

    public static Catalog load(Connection c, boolean foldNames) throws SQLException {
        Catalog.Builder b = Catalog.builder().foldNames(foldNames);
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
                while (rs.next()) {
                    b.schema(rs.getString(1));
                }
            }
            Map<String, List<String>> columns = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA NOT IN " + SYSTEM + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2), k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
            Map<String, String> views = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS"
                    + " WHERE TABLE_SCHEMA NOT IN " + SYSTEM)) {
                while (rs.next()) {
                    views.put(rs.getString(1) + "\u0000" + rs.getString(2), rs.getString(3));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA NOT IN " + SYSTEM)) {
                while (rs.next()) {
                    String key = rs.getString(1) + "\u0000" + rs.getString(2);
                    List<String> cols = columns.getOrDefault(key, List.of());
                    String view = views.get(key);
                    if (view != null && !view.isBlank()) {
                        b.view(rs.getString(1), rs.getString(2), cols, view);
                    } else {
                        b.table(rs.getString(1), rs.getString(2), cols);
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES")) {
                while (rs.next()) {
                    b.routine(rs.getString(1), rs.getString(2), "FUNCTION".equalsIgnoreCase(rs.getString(3)));
                }
            }
        }
        return b.build();
    }

    /** The primary-key columns of a table, in key order. */
    public static List<String> primaryKey(Connection c, String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
                + " WHERE CONSTRAINT_NAME = 'PRIMARY' AND TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
