package io.bubblesync.relay.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * How the relay hears of new rows between its cron passes (sync.wakeup.enabled): {@code listen} (LISTEN on the
 * notify trigger's channel over a connection of its own), {@code poll} (one cheap index-only query every
 * sync.wakeup.poll-interval over the pool), or {@code auto}: LISTEN, check that a NOTIFY of its own comes back,
 * and poll when it does not (a transaction pooler never delivers one).
 */
public record Wakeup(Mode mode, Duration pollInterval) {
    public enum Mode { AUTO, LISTEN, POLL }

    static Wakeup from(Properties p) {
        String mode = PropertyValues.get(p, "sync.wakeup.mode").toUpperCase(Locale.ROOT);
        Mode m;
        try {
            m = Mode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError("sync.wakeup.mode='" + PropertyValues.get(p, "sync.wakeup.mode") + "' must be auto, listen or poll");
        }
        Duration interval = HumanDuration.parse("sync.wakeup.poll-interval", PropertyValues.get(p, "sync.wakeup.poll-interval"));
        if (interval.toMillis() < 100 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigurationError("sync.wakeup.poll-interval must be between 100ms and 1m, e.g. 1s");
        }
        return new Wakeup(m, interval);
    }

    /** The interval as written in the docs: 1s, 500ms. */
    public String pollIntervalText() {
        long ms = pollInterval.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
