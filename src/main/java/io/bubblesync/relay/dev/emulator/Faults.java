package io.bubblesync.relay.dev.emulator;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Injected faults, changeable while the emulator runs: a share of requests answered 503, added latency, a share
 * of successful writes (or the next N) applied and then left without an answer, and the next N requests answered
 * 429 with a given Retry-After (or none).
 */
final class Faults {
    private volatile double failureRate;
    private volatile Duration latency = Duration.ZERO;
    private volatile double dropShare;
    private final AtomicInteger dropNext = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private volatile long throttleRetryAfter = 1;

    void failureRate(double share) {
        failureRate = share(share);
    }

    void latency(Duration added) {
        latency = added == null || added.isNegative() ? Duration.ZERO : added;
    }

    void dropAnswers(double share) {
        dropShare = share(share);
    }

    void dropNextAnswers(int n) {
        dropNext.set(Math.max(0, n));
    }

    void failNextRequests(int n) {
        failNext.set(Math.max(0, n));
    }

    /** {@code retryAfterSeconds} negative: the 429s carry no Retry-After. */
    void throttleNextRequests(int n, long retryAfterSeconds) {
        throttleRetryAfter = retryAfterSeconds;
        throttleNext.set(Math.max(0, n));
    }

    /** Whether an injected 429 is due for this request. */
    boolean throttle() {
        return takeOne(throttleNext);
    }

    /** The Retry-After of injected 429s in seconds, negative for none. */
    long throttleRetryAfter() {
        return throttleRetryAfter;
    }

    boolean fail() {
        return takeOne(failNext) || failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
    }

    /** Whether the answer to a successful write is to be dropped. */
    boolean drop() {
        return takeOne(dropNext) || dropShare > 0 && ThreadLocalRandom.current().nextDouble() < dropShare;
    }

    void delay() throws InterruptedException {
        Duration added = latency;
        if (!added.isZero()) {
            Thread.sleep(added.toMillis());
        }
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static double share(double share) {
        if (share < 0 || share > 1 || Double.isNaN(share)) {
            throw new IllegalArgumentException("a share must be between 0 and 1, got " + share);
        }
        return share;
    }
}
