package io.bubblesync.relay.camel;

import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.DatabaseOutage;
import io.bubblesync.relay.db.RunHistory;
import java.sql.SQLException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what passes did into sync_run, for the relay's own passes (PassReport) and the legacy target's
 * (LegacyDriver) alike: wake-up passes summed per minute, every other pass that did something one row. A lost
 * database is said once by {@link DatabaseOutage} (not once per pass or per row) and nothing is recorded for it:
 * there is nowhere to record it.
 */
public final class RunRecorder {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.pass");

    private final RunHistory history;
    private final DatabaseOutage outage;
    private final String instanceId;
    private final WakeupRollup wakeups;

    public RunRecorder(RunHistory history, DatabaseOutage outage, String instanceId) {
        this.history = history;
        this.outage = outage;
        this.instanceId = instanceId;
        this.wakeups = new WakeupRollup(instanceId);
    }

    /**
     * True when the pass stopped because the database is gone: then the outage is told (it logs once) and the
     * caller records nothing; false for any other failure, which the caller logs and records.
     */
    public boolean lostDatabase(Throwable failure, PassTally tally) {
        if (failure == null || !DatabaseOutage.isConnectionLoss(failure) || !fromDatabase(failure)) {
            return false;
        }
        outage.failed(failure, tally.startedNanos());
        return true;
    }

    /** A statement's failure (the legacy pass also sees the function's own connection failures, which are no outage). */
    private static boolean fromDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /** A pass that did something ended: one sync_run row, or a wake-up pass added to its minute's row. */
    public void passEnded(PassTally tally, boolean wakeup, String summary) {
        if (wakeup && tally.failure() == null) {
            wakeups.add(tally, Instant.now()).ifPresent(this::record);
            return;
        }
        record(new RunHistory.Run(tally.job(), instanceId, tally.startedAt(), Instant.now(), tally.failure() == null,
                tally.claimed(), tally.completed(), tally.failedRetryable() + tally.failedPermanent(), tally.skipped(),
                tally.failure() != null ? tally.failure() : summary));
    }

    /** A run that is not a pass (the lease rescue). */
    public void record(RunHistory.Run run) {
        try {
            history.record(run);
        } catch (Exception e) {
            if (DatabaseOutage.isConnectionLoss(e)) {
                outage.failed(e);
            } else {
                LOG.warn("run history not recorded: {}", Database.rootMessage(e));
            }
        }
    }
}
