package io.bubblesync.relay.db;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** sync_run: one row per pass that did something, like pg_cron's job_run_details, pruned after a retention. */
public final class RunHistory {
    private static final SqlFile INSERT = SqlFile.load("run-insert.sql");
    private static final SqlFile RECENT = SqlFile.load("run-recent.sql");
    private static final SqlFile PRUNE = SqlFile.load("run-prune.sql");

    /** What a finished run reports. */
    public record Run(String job, String instance, Instant startedAt, Instant endedAt, boolean succeeded,
                      int claimed, int completed, int failed, int skipped, String message) {
    }

    private final DataSource ds;

    public RunHistory(DataSource ds) {
        this.ds = ds;
    }

    public void record(Run run) throws SQLException {
        INSERT.update(ds, run.job(), run.instance(), Timestamp.from(run.startedAt()), Timestamp.from(run.endedAt()),
                run.succeeded() ? "succeeded" : "failed", run.claimed(), run.completed(), run.failed(), run.skipped(),
                run.message() == null ? null : run.message().length() > 500 ? run.message().substring(0, 500) : run.message());
    }

    public List<Map<String, Object>> recent(int limit) throws SQLException {
        return RECENT.query(ds, limit);
    }

    /** Deletes runs older than the retention; returns how many. */
    public int prune(Duration retention) throws SQLException {
        return PRUNE.update(ds, retention.toSeconds());
    }
}
