package io.bubblesync.relay.bubble;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync.bubble.rate-limit} requests per minute to Bubble, one permit before every call (a bulk call is one
 * call), spaced evenly by a resilience4j rate limiter so no 60-second window ever holds more than the limit. On a
 * 429 the rate halves and calls wait out Bubble's Retry-After (when no longer than an eighth of sync.lease, so
 * claimed rows are never held past their lease); every 10 s without a 429 it climbs back by a tenth of the
 * configured rate.
 */
public class BubbleRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble");
    private static final long RECOVER_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final int configured;
    private final Duration longestPause;
    private final LongConsumer taken;
    private volatile int current;
    private volatile RateLimiter limiter;
    private volatile long changedAt = System.nanoTime();
    private volatile long pausedUntil = System.nanoTime();

    /** {@code longestPause}: a longer Retry-After holds no call (rows that get it are retried later instead). */
    public BubbleRateLimit(int perMinute, Duration longestPause) {
        this(perMinute, longestPause, waited -> { });
    }

    /** {@code taken}: told the nanoseconds each permit was waited for (the relay's metrics). */
    public BubbleRateLimit(int perMinute, Duration longestPause, LongConsumer taken) {
        this.configured = perMinute;
        this.longestPause = longestPause;
        this.taken = taken;
        set(perMinute);
    }

    /** Waits for this call's permit (and out any Retry-After Bubble asked for). */
    public void acquire() {
        long started = System.nanoTime();
        long pause;
        try {
            while ((pause = pausedUntil - System.nanoTime()) > 0) {
                LockSupport.parkNanos(pause);
            }
            if (!limiter.acquirePermission()) {
                throw new IllegalStateException("no permit to call Bubble within 10 minutes (sync.bubble.rate-limit=" + configured + ")");
            }
        } finally {
            taken.accept(System.nanoTime() - started);
        }
    }

    /** Bubble answered 429: halve the rate and hold every call until its Retry-After (when given) has passed. */
    public synchronized void throttled(Duration retryAfter) {
        boolean pause = retryAfter != null && !retryAfter.isZero() && retryAfter.compareTo(longestPause) <= 0;
        if (pause) {
            pausedUntil = Math.max(pausedUntil, System.nanoTime() + retryAfter.toNanos());
        }
        int halved = Math.max(1, current / 2);
        if (halved < current) {
            LOG.warn("Bubble answered 429: slowing down from {} to {} requests/min{}", current, halved,
                    pause ? ", calls wait " + retryAfter.toSeconds() + " s (Retry-After)" : "");
            set(halved);
        }
    }

    /** A call went through: every 10 s climb back by a tenth of the configured rate, up to it. */
    public void succeeded() {
        if (current < configured && System.nanoTime() - changedAt > RECOVER_EVERY_NANOS) {
            synchronized (this) {
                if (current < configured && System.nanoTime() - changedAt > RECOVER_EVERY_NANOS) {
                    set(Math.min(configured, current + Math.max(1, configured / 10)));
                    if (current == configured) {
                        LOG.info("Bubble rate back to {} requests/min", current);
                    }
                }
            }
        }
    }

    /** The rate in force now, requests per minute. */
    public int perMinute() {
        return current;
    }

    /**
     * One permit per 60 s / (rate - 2): a permit may fall at the end of one period and the next at the start of the
     * following one, so a minute can touch one more period than it holds; the margin keeps it within the rate.
     */
    private void set(int perMinute) {
        int spaced = perMinute > 10 ? perMinute - 2 : Math.max(1, perMinute - 1);
        long periodNanos = (long) Math.ceil(60e9 / spaced);
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ofMinutes(10))
                .build();
        limiter = RateLimiter.of("bubble", config);
        current = perMinute;
        changedAt = System.nanoTime();
    }
}
