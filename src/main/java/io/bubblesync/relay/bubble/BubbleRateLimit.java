package io.bubblesync.relay.bubble;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.routes.ExchangeKeys;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync.bubble.rate-limit} requests per minute to Bubble, one permit before every call (a bulk call is one
 * call), spaced evenly by a resilience4j rate limiter so no 60-second window ever holds more than the limit; with a
 * {@link SharedBudget} the limit is the app's, shared by every relay on the database, and each permit is also drawn
 * from it. On a 429 the rate halves and calls wait out Bubble's Retry-After (when no longer than an eighth of
 * sync.lease); every 10 s without a 429 it climbs back by a tenth of the configured rate. A call whose rows would
 * outlive their lease waiting for a permit gets none: its rows go back unsent (routes/bubble-send.camel.yaml).
 */
public class BubbleRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble");
    private static final long RECOVER_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long LONGEST_WAIT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final int configured;
    private final Duration longestPause;
    private final long permitBeforeLeaseEnd;
    private final SharedBudget shared;
    private final LongConsumer taken;
    private volatile int current;
    private volatile RateLimiter limiter;
    private volatile long changedAt = System.nanoTime();
    private volatile long pausedUntil = System.nanoTime();

    /**
     * {@code lease}: sync.lease; a Retry-After longer than an eighth of it holds no call (rows that get it are retried
     * later instead), and a call's permit must come while its rows' lease still has {@code callTime} twice over to go.
     * {@code shared}: the app's budget in PostgreSQL, or null for this relay's own limit. {@code taken}: told the
     * nanoseconds each permit was waited for (the relay's metrics).
     */
    public BubbleRateLimit(int perMinute, Duration lease, Duration callTime, SharedBudget shared, LongConsumer taken) {
        this.configured = perMinute;
        this.longestPause = RelaySettings.longestInProcessWait(lease);
        this.permitBeforeLeaseEnd = RelaySettings.sendWindow(lease, callTime).toNanos();
        this.shared = shared;
        this.taken = taken;
        set(perMinute);
    }

    /**
     * Waits for this call's permit (and out any Retry-After Bubble asked for); false, at once, when it would come too
     * late: the rows were claimed (exchange property {@value ExchangeKeys#CLAIM_STARTED}) so long ago that their lease
     * would run short before the call could be made.
     */
    public boolean acquire(Exchange exchange) throws Exception {
        return acquire(exchange.getProperty(ExchangeKeys.CLAIM_STARTED, Long.class));
    }

    /** A permit for a call that holds no claimed rows (reconcile's reads): waits up to 10 minutes for it. */
    public boolean acquireUnleased() throws Exception {
        return acquire((Long) null);
    }

    private boolean acquire(Long claimed) throws Exception {
        long started = System.nanoTime();
        long deadline = claimed == null ? started + LONGEST_WAIT_NANOS : claimed + permitBeforeLeaseEnd;
        try {
            long pause;
            if (pausedUntil - deadline > 0 || started + nanosToWait() - deadline > 0) {
                return false;
            }
            while ((pause = pausedUntil - System.nanoTime()) > 0) {
                LockSupport.parkNanos(pause);
            }
            if (!limiter.acquirePermission()) {
                throw new IllegalStateException("no permit to call Bubble within 10 minutes (sync.bubble.rate-limit=" + configured + ")");
            }
            return shared == null || shared.take(deadline);
        } finally {
            taken.accept(System.nanoTime() - started);
        }
    }

    /** How long the next permit of this relay's own limiter is away (the calls already waiting for one go first). */
    private long nanosToWait() {
        return limiter instanceof AtomicRateLimiter atomic ? Math.max(0, atomic.getDetailedMetrics().getNanosToWait()) : 0;
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

    /**
     * The rate this relay can send at now, requests per minute: its own limit after any 429 halving and, when the
     * budget is shared, no more than its share of it.
     */
    public int perMinute() {
        return shared == null ? current : Math.min(current, shared.perMinute());
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
