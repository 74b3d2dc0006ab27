package io.bubblesync.relay.resync;

import io.bubblesync.relay.db.ConnectionPath;
import io.bubblesync.relay.db.SqlFile;
import io.bubblesync.relay.ops.BadInput;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * sync_bulk_run (migration V6): one row per backfill or reconcile, its progress and a reconcile's report. A run holds
 * a session advisory lock per kind and table on its own connection while it works, so a second one on the same table
 * is refused, and a row left 'running' without its lock is a run that was killed.
 */
public final class BulkRuns {
    private static final SqlFile LOCK = SqlFile.load("bulk-run-lock.sql");
    private static final SqlFile UNFINISHED = SqlFile.load("bulk-run-unfinished.sql");
    private static final SqlFile START = SqlFile.load("bulk-run-start.sql");
    private static final SqlFile RESUME = SqlFile.load("bulk-run-resume.sql");
    private static final SqlFile PROGRESS = SqlFile.load("bulk-run-progress.sql");
    private static final SqlFile FINISH = SqlFile.load("bulk-run-finish.sql");

    private final DataSource ds;

    /**
     * A run's lock is a session lock, held for the whole run: a transaction pooler lends the session to others between
     * statements and would keep it, or lose it, at random, so a backfill or reconcile through one is refused in one line.
     */
    public static void requireSessions(ConnectionPath path, String command) {
        if (path.transactionPooled()) {
            throw new BadInput(command + " holds a session lock on its table for the whole run, which a transaction pooler cannot keep ("
                    + path.evidence() + "): run it with the session pooler's URL (port 5432) or the direct connection");
        }
    }

    public BulkRuns(DataSource ds) {
        this.ds = ds;
    }

    /** Takes the table's lock for this kind on {@code held} (kept until that connection closes); false when another run has it. */
    public boolean lock(Connection held, String kind, String table) throws SQLException {
        return Boolean.TRUE.equals(LOCK.query(held, kind, table).get(0).get("locked"));
    }

    /** The table's last run of this kind that never finished (killed), if any. */
    public Optional<Map<String, Object>> unfinished(String kind, String table) throws SQLException {
        List<Map<String, Object>> rows = UNFINISHED.query(ds, kind, table);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long start(String kind, String table, String optionsJson, String instance, long total) throws SQLException {
        return ((Number) START.query(ds, kind, table, optionsJson, instance, total).get(0).get("run_id")).longValue();
    }

    public void resume(long run, String instance, long total) throws SQLException {
        RESUME.update(ds, instance, total, run);
    }

    public void progress(long run, long done) throws SQLException {
        PROGRESS.update(ds, done, run);
    }

    /** Ends a run: {@code status} finished or failed; {@code reportJson} and {@code enqueued} may be null (unchanged). */
    public void finish(long run, String status, String reportJson, Long enqueued, String message) throws SQLException {
        FINISH.update(ds, status, reportJson, enqueued, message, run);
    }
}
