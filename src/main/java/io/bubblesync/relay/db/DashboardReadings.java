package io.bubblesync.relay.db;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the dashboard reads beyond QueueStatus: rows in flight by instance, throughput, latency, rows needing a person.
 * Each statement reads an index made for it (V2, V7), so its cost follows what it shows, not the settled history.
 */
public final class DashboardReadings {
    private static final SqlFile WATCH = SqlFile.load("queue-watch.sql");
    private static final SqlFile PROCESSING = SqlFile.load("dashboard-processing.sql");
    private static final SqlFile THROUGHPUT = SqlFile.load("dashboard-throughput.sql");
    private static final SqlFile LATENCY = SqlFile.load("dashboard-latency.sql");
    private static final SqlFile FAILED = SqlFile.load("failed-rows.sql");
    private static final SqlFile FAILED_SUMMARY = SqlFile.load("failed-summary.sql");
    private static final SqlFile FAILED_MATCHING = SqlFile.load("failed-match-count.sql");

    private final DataSource ds;

    public DashboardReadings(DataSource ds) {
        this.ds = ds;
    }

    /** Age in seconds of the oldest row due for delivery (pending, or failed with its backoff passed); 0 when none. */
    public Object oldestDueSeconds() throws SQLException {
        return WATCH.query(ds).get(0).get("oldest_due_seconds");
    }

    public List<Map<String, Object>> processingByInstance() throws SQLException {
        return PROCESSING.query(ds);
    }

    /** Per minute, oldest first: {minute, completed, failed, skipped}. */
    public List<Map<String, Object>> settledPerMinute(int minutes) throws SQLException {
        return THROUGHPUT.query(ds, minutes, minutes, minutes, minutes, minutes);
    }

    /** {rows, p50_seconds, p95_seconds} of rows completed or skipped in the window. */
    public Map<String, Object> latency(int minutes) throws SQLException {
        return LATENCY.query(ds, minutes).get(0);
    }

    /** Failed rows with no retry scheduled, filtered by table and error text (either may be null), newest first. */
    public List<Map<String, Object>> needingAPerson(String table, String match, int limit) throws SQLException {
        return FAILED.query(ds, table, table, match, match, limit);
    }

    /** Failed rows needing a person by table: {table_name, rows, fingerprint} (which rows they are, as a sum of hashes). */
    public List<Map<String, Object>> needingAPersonByTable() throws SQLException {
        return FAILED_SUMMARY.query(ds);
    }

    /** How many failed rows needing a person an error-text filter (and a table, or null) keeps. */
    public long needingAPersonMatching(String table, String match) throws SQLException {
        return ((Number) FAILED_MATCHING.query(ds, table, table, match).get(0).get("total")).longValue();
    }
}
