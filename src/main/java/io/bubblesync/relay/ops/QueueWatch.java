package io.bubblesync.relay.ops;

import io.bubblesync.relay.db.SqlFile;
import java.util.Map;
import javax.sql.DataSource;

/** Queue depth by state and the oldest due row's age, read at most every few seconds (metrics, health). */
public class QueueWatch {
    private static final SqlFile WATCH = SqlFile.load("queue-watch.sql");
    private static final long FRESH_NANOS = 2_000_000_000L;

    private final DataSource ds;
    private volatile Map<String, Object> last = Map.of();
    private volatile long readAt;
    private volatile String error;

    public QueueWatch(DataSource ds) {
        this.ds = ds;
    }

    /** The latest reading (refreshed when older than two seconds); empty after a failed read. */
    public synchronized Map<String, Object> reading() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > FRESH_NANOS) {
            try {
                last = WATCH.query(ds).get(0);
                error = null;
            } catch (Exception e) {
                last = Map.of();
                error = e.getMessage();
            }
            readAt = now;
        }
        return last;
    }

    public double value(String column) {
        Object v = reading().get(column);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Why the last reading failed, or null. */
    public String error() {
        return error;
    }
}
