package io.bubblesync.relay.ops;

import io.bubblesync.relay.config.DatabaseLimits;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.DatabaseOutage;
import io.bubblesync.relay.db.SqlFile;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Queue depth by state, the oldest due row's age, and whether the database answers, read by a background
 * thread every sync.health.sample-interval (a started service). Metrics and health read the last figures
 * and never wait for the database: when it is stopped, frozen or slow they still answer at once, with the
 * last known figures and their age. After a reading, {@link QueueStatistics} keeps PostgreSQL's picture of the open
 * rows current.
 */
public class QueueWatch extends ServiceSupport {
    private static final SqlFile WATCH = SqlFile.load("queue-watch.sql");

    private final DataSource ds;
    private final DatabaseLimits limits;
    private final DatabaseOutage outage;
    private final QueueStatistics statistics;
    private volatile Map<String, Object> last = Map.of();
    private volatile long readAt;
    private volatile long readingSince;
    private volatile String error;
    private ScheduledExecutorService reader;

    public QueueWatch(DataSource ds, DatabaseLimits limits, DatabaseOutage outage) {
        this.ds = ds;
        this.limits = limits;
        this.outage = outage;
        this.statistics = new QueueStatistics(ds, limits.analyzeOpenRows());
    }

    @Override
    protected void doStart() {
        reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bubble-sync-queue-watch");
            t.setDaemon(true);
            return t;
        });
        read();
        reader.scheduleWithFixedDelay(this::read, limits.sampleInterval().toMillis(), limits.sampleInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        reader.shutdownNow();
    }

    /** One reading; a frozen database holds this thread (never a scrape) until the socket timeout. */
    void read() {
        long started = System.nanoTime();
        readingSince = started;
        try {
            last = WATCH.queryWithin(ds, DatabaseLimits.seconds(limits.statementTimeout())).get(0);
            readAt = System.nanoTime();
            error = null;
            outage.answered();
        } catch (Exception e) {
            boolean lost = DatabaseOutage.isConnectionLoss(e);
            error = (lost ? "database unreachable: " : "queue not readable: ") + Database.rootMessage(e);
            if (lost) {
                outage.failed(e, started);
            }
        } finally {
            readingSince = 0;
        }
        if (error == null) {
            statistics.afterReading(value("pending") + value("processing") + value("retrying") + value("exhausted") + value("permanent"));
        }
    }

    /** The last known value of a column of queue-watch.sql; NaN before the first reading. */
    public double value(String column) {
        Object v = last.get(column);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Seconds since the last successful reading; NaN before the first. */
    public double ageSeconds() {
        long at = readAt;
        return at == 0 ? Double.NaN : (System.nanoTime() - at) / 1e9;
    }

    /** Null while the database answers; otherwise why not, in one line. */
    public String problem() {
        long since = readingSince;
        long pending = since == 0 ? 0 : System.nanoTime() - since;
        if (pending > limits.answerWithin().toNanos()) {
            return "database did not answer within " + limits.answerWithin().toSeconds() + " s" + lastReading();
        }
        String why = error;
        if (why != null) {
            return why + lastReading();
        }
        return readAt == 0 ? "database not read yet" : null;
    }

    private String lastReading() {
        double age = ageSeconds();
        return Double.isNaN(age) ? "" : " (last reading " + Math.round(age) + " s ago)";
    }
}
