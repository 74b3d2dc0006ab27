package io.bubblesync.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain JDBC on the benchmark's database: statements, single numbers, bulk rows made by generate_series. */
record Db(String url) {
    static final String PAYLOAD = "jsonb_build_object('seq', g, 'email', 'user' || g || '@example.com', 'name', 'User ' || g, 'plan', 'pro')";

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    long update(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            return st.executeLargeUpdate(sql);
        }
    }

    double number(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    String text(String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    /** Inserts n pending rows of table {@code table} in ONE statement (one notification); returns the commit time (epoch s). */
    double insertPending(String table, long n) throws SQLException {
        update("INSERT INTO sync_queue (table_name, record_id, operation, payload) SELECT '" + table + "', '" + table
                + "-' || g, 'UPDATE', " + PAYLOAD + " FROM generate_series(1, " + n + ") g");
        return number("SELECT extract(epoch FROM clock_timestamp())");
    }

    void insertCompleted(String table, long from, long to) throws SQLException {
        update("INSERT INTO sync_queue (table_name, record_id, operation, payload, status, processed_at, bubble_response, claimed_by, claimed_at) "
                + "SELECT '" + table + "', 'r-' || (g % 50000), 'UPDATE', " + PAYLOAD + ", 'completed', now(), '{}', 'bench', now() "
                + "FROM generate_series(" + from + ", " + to + ") g");
    }

    /** Whether any row is pending or processing; each scalar subquery is one ordered index scan with LIMIT 1. */
    boolean anyOpen() throws SQLException {
        return number("SELECT CASE WHEN (SELECT id FROM sync_queue WHERE status = 'pending' ORDER BY created_at, id LIMIT 1) IS NOT NULL"
                + " OR (SELECT id FROM sync_queue WHERE status = 'processing' ORDER BY claimed_at LIMIT 1) IS NOT NULL THEN 1 ELSE 0 END") > 0;
    }

    long count(String where) throws SQLException {
        return (long) number("SELECT count(*) FROM sync_queue WHERE " + where);
    }
}
