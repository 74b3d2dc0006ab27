package io.bubblesync.bench;

import java.sql.SQLException;

/**
 * How many database statements the relay ran per 1,000 rows delivered, from pg_stat_statements (preloaded by
 * the benchmark's PostgreSQL): claims, settles and everything else, between {@link #reset} and {@link #read}.
 */
record StatementCounts(double claims, double settles, double others, double claimMs, double settleMs) {
    private static final String CLAIM = "query LIKE '%WITH claimed AS%'";
    private static final String SETTLE = "query LIKE '%jsonb_to_recordset%'";

    static void reset(Db db) throws SQLException {
        db.update("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        db.text("SELECT pg_stat_statements_reset()::text");
    }

    /** Per 1,000 rows; statements run by the benchmark itself (its inserts and polls) are left out. */
    static StatementCounts read(Db db, long rows) throws SQLException {
        double per = 1000.0 / rows;
        String mine = "query NOT LIKE '%generate_series%' AND query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE 'SELECT CASE WHEN%'"
                + " AND query NOT LIKE 'SELECT count(*)%' AND query NOT LIKE 'SELECT extract(%' AND query NOT LIKE 'SET application_name%'";
        return new StatementCounts(calls(db, CLAIM) * per, calls(db, SETTLE) * per,
                calls(db, "NOT (" + CLAIM + ") AND NOT (" + SETTLE + ") AND " + mine) * per,
                db.number("SELECT COALESCE(sum(total_exec_time) / NULLIF(sum(calls), 0), 0) FROM pg_stat_statements WHERE " + CLAIM),
                db.number("SELECT COALESCE(sum(total_exec_time) / NULLIF(sum(calls), 0), 0) FROM pg_stat_statements WHERE " + SETTLE));
    }

    private static double calls(Db db, String where) throws SQLException {
        return db.number("SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements WHERE " + where);
    }

    /** Every statement of the relay since {@link #reset}: calls, rows and execution time per 1,000 rows delivered. */
    static String breakdown(Db db, long rows) throws SQLException {
        return "calls/1k rows/1k ms/1k  statement\n" + db.text("SELECT lpad(round(calls * 1000.0 / " + rows + ", 1)::text, 8) || lpad(round(rows * 1000.0 / "
                + rows + ")::text, 9) || lpad(round((total_exec_time * 1000.0 / " + rows + ")::numeric, 1)::text, 8) || '  ' || "
                + "left(regexp_replace(query, '\\s+', ' ', 'g'), 90) FROM pg_stat_statements WHERE calls > 5 ORDER BY total_exec_time DESC LIMIT 15");
    }
}
