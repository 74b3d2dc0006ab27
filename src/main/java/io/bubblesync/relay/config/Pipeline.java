package io.bubblesync.relay.config;

import java.time.Duration;
import java.util.Properties;

/**
 * How fast the relay works: batches in flight at once, the largest claim a pass grows to while its claims
 * come back full, the LISTEN wake-up on new sync_queue rows (how many wake-up passes may drain at once,
 * and the longest pause between attempts to re-connect its dedicated connection), and how settlements are
 * gathered into one statement (the longest a delivered batch waits for others, the most rows per statement).
 */
public record Pipeline(int concurrency, int claimMax, boolean wakeupEnabled, int wakeupLanes, Duration wakeupReconnectMax,
                       Duration settleLinger, int settleMaxRows) {

    static Pipeline from(Properties p) {
        Duration reconnect = HumanDuration.parse("sync.wakeup.reconnect-max", PropertyValues.get(p, "sync.wakeup.reconnect-max"));
        if (reconnect.isZero() || reconnect.isNegative()) {
            throw new ConfigurationError("sync.wakeup.reconnect-max must be positive, e.g. 10s");
        }
        int claimLimit = PropertyValues.positive(p, "sync.claim.limit");
        int claimMax = PropertyValues.positive(p, "sync.claim.max");
        if (claimMax < claimLimit) {
            throw new ConfigurationError("sync.claim.max=" + claimMax + " is below sync.claim.limit=" + claimLimit
                    + ": the first claim's size cannot exceed the largest claim");
        }
        Duration linger = HumanDuration.parse("sync.settle.linger", PropertyValues.get(p, "sync.settle.linger"));
        if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new ConfigurationError("sync.settle.linger must be between 0ms and 1s, e.g. 20ms");
        }
        return new Pipeline(PropertyValues.positive(p, "sync.concurrency"), claimMax, PropertyValues.bool(p, "sync.wakeup.enabled"),
                PropertyValues.positive(p, "sync.wakeup.lanes"), reconnect, linger, PropertyValues.positive(p, "sync.settle.max-rows"));
    }

    /**
     * sync.db.pool-size, or when it is empty: one connection per batch in flight, one per wake-up lane, and one
     * for the cron passes, the background queue reading and the admin API.
     */
    static int poolSize(Properties p) {
        if (PropertyValues.get(p, "sync.db.pool-size").isEmpty()) {
            return PropertyValues.positive(p, "sync.concurrency") + PropertyValues.positive(p, "sync.wakeup.lanes") + 1;
        }
        return PropertyValues.positive(p, "sync.db.pool-size");
    }
}
