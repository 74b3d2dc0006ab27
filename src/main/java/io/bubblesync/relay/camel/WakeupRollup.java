package io.bubblesync.relay.camel;

import io.bubblesync.relay.db.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Wake-up passes come by the dozen per second under steady inserts: instead of one sync_run row each,
 * they are summed into one row per minute (job processor, message "wake-up: N passes …").
 */
final class WakeupRollup {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final String instanceId;
    private Instant windowStart;
    private int passes;
    private int claimed;
    private int completed;
    private int failed;
    private int skipped;

    WakeupRollup(String instanceId) {
        this.instanceId = instanceId;
    }

    /** Adds a finished wake-up pass; returns the minute's summary row once the minute is over. */
    synchronized Optional<RunHistory.Run> add(PassTally tally, Instant now) {
        if (windowStart == null) {
            windowStart = now;
        }
        passes++;
        claimed += tally.claimed();
        completed += tally.completed();
        failed += tally.failedRetryable() + tally.failedPermanent();
        skipped += tally.skipped();
        if (Duration.between(windowStart, now).compareTo(WINDOW) < 0) {
            return Optional.empty();
        }
        RunHistory.Run run = new RunHistory.Run("processor", instanceId, windowStart, now, true, claimed, completed, failed, skipped,
                "wake-up: " + passes + " passes since " + windowStart);
        windowStart = null;
        passes = 0;
        claimed = 0;
        completed = 0;
        failed = 0;
        skipped = 0;
        return Optional.of(run);
    }
}
