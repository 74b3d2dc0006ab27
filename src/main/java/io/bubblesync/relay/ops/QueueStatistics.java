package io.bubblesync.relay.ops;

import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.SqlFile;
import io.bubblesync.relay.db.Transaction;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's picture of sync_queue's open rows current. Autovacuum takes the table's statistics after a drain,
 * when no row is open, and records the partial indexes of open rows as empty (though they keep their pages); a burst
 * smaller than autovacuum's thresholds (10 % of the settled history) leaves that picture standing, and the planner
 * then reads whole indexes where it should walk a few entries. The benchmark met it: after a drain of 1,000,000 rows a
 * claim of 200 took 20 s, not 2 ms (docs/performance.md). After each queue reading, when more rows are open than the
 * statistics know of by sync.db.analyze-open-rows, one relay (an advisory lock) runs ANALYZE sync_queue.
 */
public final class QueueStatistics {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.queue");
    private static final SqlFile BELIEVED = SqlFile.load("queue-statistics.sql");
    private static final SqlFile LOCK = SqlFile.load("queue-analyze-lock.sql");
    private static final SqlFile ANALYZE = SqlFile.load("queue-analyze.sql");
    private static final long AFTER_ANALYZE = TimeUnit.MINUTES.toNanos(1);
    private static final long AFTER_REFUSAL = TimeUnit.MINUTES.toNanos(30);

    private final DataSource ds;
    private final long threshold;
    private long quietUntil = System.nanoTime();
    private int analyzed;

    /** threshold: open rows beyond what the statistics know of that make it analyze; 0 never. */
    public QueueStatistics(DataSource ds, long threshold) {
        this.ds = ds;
        this.threshold = threshold;
    }

    /** After a queue reading that counted openRows: pending, processing and failed, the rows the open-rows index holds. */
    public void afterReading(double openRows) {
        if (threshold <= 0 || Double.isNaN(openRows) || openRows < threshold || System.nanoTime() - quietUntil < 0) {
            return;
        }
        try {
            double believed = believed();
            if (openRows - Math.max(believed, 0) < threshold) {
                return;
            }
            long started = System.nanoTime();
            if (!analyze()) {
                quietUntil = System.nanoTime() + AFTER_ANALYZE; // another relay is refreshing them
                return;
            }
            double after = believed();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (after == believed) {
                quietUntil = System.nanoTime() + AFTER_REFUSAL;
                LOG.warn("sync_queue: PostgreSQL's statistics know of {} open rows while {} are open, and ANALYZE sync_queue left them "
                        + "unchanged (the relay's role does not own the table?): claims may read whole indexes until autovacuum "
                        + "analyzes it. Fix: run the relay as the table's owner, or ALTER TABLE sync_queue SET "
                        + "(autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = {})", Math.round(believed),
                        Math.round(openRows), threshold);
                return;
            }
            quietUntil = System.nanoTime() + AFTER_ANALYZE;
            analyzed++;
            LOG.info("sync_queue: PostgreSQL's statistics knew of {} open rows, {} are open: analyzed it in {} ms, so claims walk the "
                    + "due rows' index instead of reading every open row", Math.round(Math.max(believed, 0)), Math.round(openRows), ms);
        } catch (SQLException e) {
            quietUntil = System.nanoTime() + AFTER_ANALYZE;
            LOG.warn("sync_queue: its statistics could not be refreshed: {}", Database.rootMessage(e));
        }
    }

    /** How many times this relay analyzed sync_queue. */
    public int analyzed() {
        return analyzed;
    }

    private double believed() throws SQLException {
        return ((Number) BELIEVED.query(ds).get(0).get("believed_open_rows")).doubleValue();
    }

    private boolean analyze() throws SQLException {
        return Transaction.run(ds, c -> {
            boolean locked = Boolean.TRUE.equals(LOCK.query(c).get(0).get("locked"));
            if (locked) {
                ANALYZE.execute(c);
            }
            return locked;
        });
    }
}
