package io.bubblesync.relay.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The durable retry schedule: one delay per failed attempt (the last repeats), jittered, never before Retry-After. */
public final class Backoff {
    private final List<Duration> schedule;
    private final double jitter;

    public Backoff(List<Duration> schedule, double jitter) {
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
    }

    /**
     * @param failuresBefore how many attempts of this row failed before the one that just failed
     * @param retryAfter the endpoint's Retry-After, or null
     */
    public long delayMillis(int failuresBefore, Duration retryAfter) {
        Duration base = schedule.get(Math.min(Math.max(failuresBefore, 0), schedule.size() - 1));
        double factor = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        long delay = Math.round(base.toMillis() * factor);
        if (retryAfter != null && retryAfter.toMillis() > delay) {
            delay = retryAfter.toMillis();
        }
        return delay;
    }
}
