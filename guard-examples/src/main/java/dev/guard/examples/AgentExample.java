package dev.guard.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What an agent changes to go through Guard: its JDBC URL (and the token it proves itself
 * with). Everything else is plain JDBC. Run it against a gateway:
 *
 * <pre>
 * java -cp guard-examples.jar dev.guard.examples.AgentExample jdbc:guard://127.0.0.1:7443/shop?plaintext=true TOKEN "SELECT ..."
 * </pre>
 */
public final class AgentExample {

    private final String url;
    private final String token;

    public AgentExample(String url, String token) {
        this.url = url;
        this.token = token;
    }

    public static void main(String[] args) throws SQLException {
        if (args.length < 3) {
            System.err.println("usage: AgentExample JDBC_URL TOKEN SQL...");
            System.exit(2);
        }
        AgentExample agent = new AgentExample(args[0], args[1]);
        for (int i = 2; i < args.length; i++) {
            System.out.println(agent.run(args[i]));
        }
    }

    /** Runs one statement and describes what happened, as an agent would read it. */
    public String run(String sql) {
        Properties p = new Properties();
        p.setProperty("token", token);
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    return table(rs);
                }
            }
            return "OK, " + st.getUpdateCount() + " row(s) affected";
        } catch (SQLException e) {
            return e.getClass().getSimpleName() + " (SQLState " + e.getSQLState() + "): " + e.getMessage();
        }
    }

    private static String table(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] head = new String[n];
        for (int i = 0; i < n; i++) {
            head[i] = md.getColumnLabel(i + 1);
        }
        rows.add(head);
        while (rs.next()) {
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                String v = rs.getString(i + 1);
                row[i] = v == null ? "NULL" : v;
            }
            rows.add(row);
        }
        int[] width = new int[n];
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            for (int i = 0; i < n; i++) {
                out.append(i == 0 ? "  " : " | ").append(String.format("%-" + width[i] + "s", rows.get(r)[i]));
            }
            out.append('\n');
            if (r == 0) {
                for (int i = 0; i < n; i++) {
                    out.append(i == 0 ? "  " : "-+-").append("-".repeat(width[i]));
                }
                out.append('\n');
            }
        }
        return out.append("  (").append(rows.size() - 1).append(" rows)").toString();
    }
}
