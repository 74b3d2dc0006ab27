package io.bubblesync.relay.dev.emulator;

import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A requests-per-minute limit over a sliding 60-second window of accepted requests (0 = no limit). It records
 * the largest number of requests accepted in any 60 s and how many 429s were sent.
 */
final class RateWindow {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ArrayDeque<Long> accepted = new ArrayDeque<>();
    private int limit;
    private int maxInAnyMinute;
    private int rejected;

    RateWindow(int limitPerMinute) {
        this.limit = Math.max(0, limitPerMinute);
    }

    synchronized void limit(int perMinute) {
        this.limit = Math.max(0, perMinute);
    }

    /** Admits a request now; when over the limit, returns the seconds until one would be admitted (Retry-After). */
    synchronized OptionalLong admit() {
        long now = System.nanoTime();
        while (!accepted.isEmpty() && now - accepted.peekFirst() >= WINDOW_NANOS) {
            accepted.pollFirst();
        }
        if (limit > 0 && accepted.size() >= limit) {
            rejected++;
            long waitNanos = accepted.peekFirst() + WINDOW_NANOS - now;
            return OptionalLong.of(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
        accepted.addLast(now);
        maxInAnyMinute = Math.max(maxInAnyMinute, accepted.size());
        return OptionalLong.empty();
    }

    /** Counts a 429 sent for another reason (an injected one). */
    synchronized void countRejection() {
        rejected++;
    }

    synchronized int maxInAnyMinute() {
        return maxInAnyMinute;
    }

    synchronized int rejected() {
        return rejected;
    }
}
