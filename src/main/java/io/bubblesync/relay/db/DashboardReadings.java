package io.bubblesync.relay.db;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** What the dashboard reads beyond QueueStatus: rows in flight by instance, throughput, latency, rows needing a person. */
public final class DashboardReadings {
    private static final SqlFile WATCH = SqlFile.load("queue-watch.sql");
    private static final SqlFile PROCESSING = SqlFile.load("dashboard-processing.sql");
    private static final SqlFile THROUGHPUT = SqlFile.load("dashboard-throughput.sql");
    private static final SqlFile LATENCY = SqlFile.load("dashboard-latency.sql");
    private static final SqlFile FAILED = SqlFile.load("failed-rows.sql");
    private static final SqlFile FAILED_TABLES = SqlFile.load("failed-tables.sql");

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
        return THROUGHPUT.query(ds, minutes, minutes, minutes);
    }

    /** {rows, p50_seconds, p95_seconds} of rows completed or skipped in the window. */
    public Map<String, Object> latency(int minutes) throws SQLException {
        return LATENCY.query(ds, minutes).get(0);
    }

    /** Failed rows with no retry scheduled, filtered by table and error text (either may be null), newest first. */
    public Map<String, Object> needingAPerson(String table, String match, int limit) throws SQLException {
        List<Map<String, Object>> rows = FAILED.query(ds, table, match, limit);
        Object total = rows.isEmpty() ? 0 : rows.get(0).get("total");
        rows.forEach(r -> r.remove("total"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("rows", rows);
        body.put("tables", FAILED_TABLES.query(ds));
        return body;
    }
}
