package io.bubblesync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inserts one row per tick (one INSERT statement = one notification) at a fixed rate for a bounded time,
 * then reports enqueue-to-delivered latency of those rows from the table (processed_at - created_at).
 */
final class SteadyProducer {
    private SteadyProducer() {
    }

    /** Produces rowsPerSecond x seconds rows of table 'latency'; returns how many were inserted. */
    static long produce(Db db, int rowsPerSecond, int seconds) throws Exception {
        long total = (long) rowsPerSecond * seconds;
        AtomicLong sent = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO sync_queue (table_name, record_id, operation, payload) VALUES ('latency', ?, 'UPDATE', jsonb_build_object('seq', ?))")) {
            timer.scheduleAtFixedRate(() -> {
                long n = sent.incrementAndGet();
                if (n > total) {
                    done.countDown();
                    return;
                }
                try {
                    insert.setString(1, "lat-" + n);
                    insert.setLong(2, n);
                    insert.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 1_000_000 / rowsPerSecond, TimeUnit.MICROSECONDS);
            if (!done.await(seconds * 3L + 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("producer fell behind: " + sent.get() + " of " + total);
            }
        } finally {
            timer.shutdownNow();
        }
        return total;
    }

    /** p50, p95, p99 and max of processed_at - created_at in ms, over the rows of table 'latency'. */
    static double[] percentiles(Db db) throws SQLException {
        String q = "SELECT percentile_cont(%s) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - created_at) * 1000) "
                + "FROM sync_queue WHERE table_name = 'latency'";
        return new double[] {db.number(q.formatted("0.5")), db.number(q.formatted("0.95")), db.number(q.formatted("0.99")),
                db.number("SELECT max(extract(epoch FROM processed_at - created_at) * 1000) FROM sync_queue WHERE table_name = 'latency'")};
    }
}
