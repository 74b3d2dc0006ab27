package io.bubblesync.relay.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Operator actions on sync_queue: requeue rows with no retry scheduled, delete old history. */
public final class QueueMaintenance {
    private static final SqlFile REQUEUE = SqlFile.load("requeue.sql");
    private static final SqlFile REQUEUE_PREVIEW = SqlFile.load("requeue-preview.sql");
    private static final SqlFile CLEANUP = SqlFile.load("cleanup.sql");
    private static final SqlFile CLEANUP_PREVIEW = SqlFile.load("cleanup-preview.sql");
    private static final SqlFile TABLE_KNOWN = SqlFile.load("table-known.sql");
    private static final int CHUNK = 10_000;

    /**
     * Which failed rows to requeue: one id, one table, or all; with {@code match}, only those whose error
     * message contains it (case-insensitive; null = any).
     */
    public record Selection(String id, String table, boolean all, String match) {
        public Selection {
            if (id == null && table == null && !all) {
                throw new IllegalArgumentException("say which rows: --id, --table or --all");
            }
        }

        public Selection(String id, String table, boolean all) {
            this(id, table, all, null);
        }
    }

    private final DataSource ds;

    public QueueMaintenance(DataSource ds) {
        this.ds = ds;
    }

    /** The rows requeued (or, with dryRun, the rows that would be), changing nothing on a dry run. */
    public List<Map<String, Object>> requeue(Selection which, boolean dryRun) throws SQLException {
        SqlFile sql = dryRun ? REQUEUE_PREVIEW : REQUEUE;
        return sql.query(ds, which.id(), which.table(), which.all(), which.match());
    }

    /** Whether sync_queue holds any row of this table_name. */
    public boolean knownTable(String table) throws SQLException {
        return Boolean.TRUE.equals(TABLE_KNOWN.query(ds, table).get(0).get("known"));
    }

    /** What {@link #cleanup} would delete now: completed/skipped rows and unscheduled failed rows, changing nothing. */
    public Map<String, Object> cleanupPreview(Duration completedRetention, Duration failedRetention) throws SQLException {
        return CLEANUP_PREVIEW.query(ds, completedRetention.toSeconds(), failedRetention.toSeconds()).get(0);
    }

    /** Deletes completed/skipped rows older than the first retention and unscheduled failed rows older than the second. */
    public long cleanup(Duration completedRetention, Duration failedRetention) throws SQLException {
        long deleted = 0;
        int chunk;
        do {
            chunk = CLEANUP.update(ds, completedRetention.toSeconds(), failedRetention.toSeconds(), CHUNK);
            deleted += chunk;
        } while (chunk == CHUNK);
        return deleted;
    }
}
