package io.bubblesync.relay.config;

import java.time.Duration;
import java.util.Properties;

/**
 * How fast the relay works: batches in flight at once, and the LISTEN wake-up on new sync_queue rows
 * (how many wake-up passes may drain at once, and the longest pause between attempts to re-connect its
 * dedicated connection).
 */
public record Pipeline(int concurrency, boolean wakeupEnabled, int wakeupLanes, Duration wakeupReconnectMax) {

    static Pipeline from(Properties p) {
        Duration reconnect = HumanDuration.parse("sync.wakeup.reconnect-max", PropertyValues.get(p, "sync.wakeup.reconnect-max"));
        if (reconnect.isZero() || reconnect.isNegative()) {
            throw new ConfigurationError("sync.wakeup.reconnect-max must be positive, e.g. 10s");
        }
        return new Pipeline(PropertyValues.positive(p, "sync.concurrency"), PropertyValues.bool(p, "sync.wakeup.enabled"),
                PropertyValues.positive(p, "sync.wakeup.lanes"), reconnect);
    }
}
