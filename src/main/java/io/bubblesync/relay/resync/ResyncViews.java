package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.bubble.SourceTables;
import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the dashboard, {@code /admin/resync}, {@code /admin/record} and {@code status --record} show: the latest
 * backfill and reconcile of each table (progress, rate, ETA, the report), and "where is record X?": every queue row of
 * one record, its Bubble id in the source table, and what the last reconcile said of it.
 */
public final class ResyncViews {
    private static final SqlFile RUNS = SqlFile.load("resync-runs.sql");
    private static final SqlFile QUEUE_ROWS = SqlFile.load("record-queue-rows.sql");
    private static final SqlFile FINDINGS = SqlFile.load("record-findings.sql");
    /** A running backfill without progress for this long is shown as stopped (its process was killed). */
    private static final double STALLED_SECONDS = 60;

    private final ObjectMapper json = new ObjectMapper();
    private final DataSource ds;
    private final SourceTables sources;

    public ResyncViews(DataSource ds, String keyColumn, String idColumn) {
        this.ds = ds;
        this.sources = new SourceTables(ds, keyColumn, idColumn);
    }

    /** The latest backfill and reconcile per table. */
    public List<Map<String, Object>> runs() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : RUNS.query(ds)) {
            Map<String, Object> run = new LinkedHashMap<>(r);
            run.remove("report");
            run.remove("seconds_running");
            run.remove("seconds_since_progress");
            double running = number(r.get("seconds_running"));
            long done = (long) number(r.get("done"));
            long total = (long) number(r.get("total"));
            boolean going = "running".equals(r.get("status"));
            if (going && number(r.get("seconds_since_progress")) > STALLED_SECONDS) {
                run.put("status", "stopped");
            }
            if (running > 0 && done > 0) {
                double rate = done / running;
                run.put("rows_per_second", Math.round(rate));
                if (going && total > done) {
                    run.put("eta_seconds", Math.round((total - done) / rate));
                }
            }
            if (r.get("report") != null) {
                try {
                    run.put("report", json.readTree((String) r.get("report")));
                } catch (Exception e) {
                    throw new SQLException("sync_bulk_run " + r.get("run_id") + " has an unreadable report", e);
                }
            }
            out.add(run);
        }
        return out;
    }

    /** Every queue row of one record, its Bubble id in the source table (when the table resolves), the last reconcile's word. */
    public Map<String, Object> record(String table, String recordId) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", table);
        out.put("record_id", recordId);
        SourceTables.Resolution resolved = sources.resolve(table);
        if (resolved.source() != null) {
            SourceTables.Ids ids = sources.ids(resolved.source(), List.of(recordId));
            out.put("source_bubble_id", ids.ids().get(recordId));
            out.put("source", ids.invalid().isEmpty() ? "table " + table : recordId + " is not a valid key of " + table);
        } else {
            out.put("source_bubble_id", null);
            out.put("source", resolved.problem());
        }
        out.put("queue", QUEUE_ROWS.query(ds, table, recordId));
        out.put("reconcile", FINDINGS.query(ds, table, recordId));
        return out;
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
