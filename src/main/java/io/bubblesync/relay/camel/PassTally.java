package io.bubblesync.relay.camel;

import io.bubblesync.relay.delivery.Settlement;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** What one pass did: rows claimed, batches sent, and how every row ended. Shared by all its batches. */
public final class PassTally {
    private static final int BATCH_IDS_SHOWN = 10;

    private final String job;
    private final long startedNanos = System.nanoTime();
    private final java.time.Instant startedAt = java.time.Instant.now();
    private volatile String failure;
    private final AtomicInteger claimed = new AtomicInteger();
    private final java.util.List<Integer> claimSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger retryable = new AtomicInteger();
    private final AtomicInteger exhausted = new AtomicInteger();
    private final AtomicInteger permanent = new AtomicInteger();
    private final AtomicInteger unsettled = new AtomicInteger();
    private final AtomicInteger handedBack = new AtomicInteger();
    private final AtomicInteger lapsed = new AtomicInteger();
    private final AtomicInteger rescued = new AtomicInteger();
    private final Queue<String> batchIds = new ConcurrentLinkedQueue<>();

    public PassTally(String job) {
        this.job = job;
    }

    void claimed(int rows) {
        claimed.addAndGet(rows);
        claimSizes.add(rows);
    }

    void batch(String batchId) {
        if (batches.incrementAndGet() <= BATCH_IDS_SHOWN) {
            batchIds.add(batchId);
        }
    }

    void settled(List<Settlement> settlements, List<Integer> attemptsLeft) {
        for (int i = 0; i < settlements.size(); i++) {
            switch (settlements.get(i).outcome()) {
                case Settlement.COMPLETED -> completed.incrementAndGet();
                case Settlement.SKIPPED -> skipped.incrementAndGet();
                case Settlement.PERMANENT -> permanent.incrementAndGet();
                default -> (attemptsLeft.get(i) > 0 ? retryable : exhausted).incrementAndGet();
            }
        }
    }

    /** sync.target=legacy: what the function says one call did (it claims and settles the rows itself). */
    void reported(int processed, int success, int failed, int skippedRows) {
        claimed.addAndGet(processed);
        completed.addAndGet(success);
        retryable.addAndGet(failed);
        skipped.addAndGet(skippedRows);
    }

    void handedBack(int rows) {
        handedBack.addAndGet(rows);
    }

    /** Rows handed back because their lease would have run short waiting for a Bubble rate-limit permit. */
    void lapsed(int rows) {
        handedBack.addAndGet(rows);
        lapsed.addAndGet(rows);
    }

    public int lapsed() {
        return lapsed.get();
    }

    void rescued(int rows) {
        rescued.addAndGet(rows);
    }

    public int handedBack() {
        return handedBack.get();
    }

    public int rescued() {
        return rescued.get();
    }

    void unsettled(int rows) {
        unsettled.addAndGet(rows);
    }

    void failed(String message) {
        failure = message;
    }

    /** Why the pass stopped early, or null when it ran to the end. */
    public String failure() {
        return failure;
    }

    /** When the pass started, by System.nanoTime. */
    long startedNanos() {
        return startedNanos;
    }

    public java.time.Instant startedAt() {
        return startedAt;
    }

    public String job() {
        return job;
    }

    public int claimed() {
        return claimed.get();
    }

    /** Rows returned by each claim statement of the pass, in order. */
    public java.util.List<Integer> claimSizes() {
        return java.util.List.copyOf(claimSizes);
    }

    public int completed() {
        return completed.get();
    }

    public int skipped() {
        return skipped.get();
    }

    public int failedRetryable() {
        return retryable.get();
    }

    /** Rows that will not be retried automatically: rejected by the endpoint or out of attempts. */
    public int failedPermanent() {
        return permanent.get() + exhausted.get();
    }

    public int exhausted() {
        return exhausted.get();
    }

    public int unsettled() {
        return unsettled.get();
    }

    public int batches() {
        return batches.get();
    }

    /** The tally as named fields (the after-pass hook's body). */
    public java.util.Map<String, Object> fields() {
        java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("job", job);
        f.put("claimed", claimed());
        f.put("batches", batches());
        f.put("completed", completed());
        f.put("skipped", skipped());
        f.put("failed_retryable", failedRetryable());
        f.put("failed_permanent", failedPermanent());
        f.put("exhausted", exhausted());
        f.put("unsettled", unsettled());
        f.put("handed_back", handedBack());
        f.put("rescued", rescued());
        f.put("failure", failure);
        f.put("started_at", startedAt.toString());
        f.put("summary", summary());
        return f;
    }

    public String summary() {
        int more = batches.get() - batchIds.size();
        return "job=" + job + " claimed=" + claimed + " batches=" + batches
                + " completed=" + completed + " failed-retryable=" + retryable
                + " failed-permanent=" + failedPermanent() + " (exhausted=" + exhausted + ")"
                + " skipped=" + skipped + (unsettled.get() > 0 ? " unsettled=" + unsettled : "")
                + (handedBack.get() > 0 ? " handed-back=" + handedBack : "") + (rescued.get() > 0 ? " rescued=" + rescued : "")
                + " took=" + (System.nanoTime() - startedNanos) / 1_000_000 + "ms"
                + " batch_ids=" + batchIds + (more > 0 ? "+" + more + " more" : "");
    }
}
