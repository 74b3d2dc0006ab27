package io.bubblesync.relay.db;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log that the database went away, at most once a minute while it stays away, and when it is back
 * with how long it was away: one line each, no stack trace. Everything that talks to the database reports its
 * connection failures here instead of logging them itself; the end is told by the pool's users (the queue
 * reading, a claim), so the pool is usable again when the log says the database is back.
 */
public final class DatabaseOutage {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.database");
    private static final long REMIND_NANOS = Duration.ofMinutes(1).toNanos();

    private final LongSupplier nanoClock;
    private long since = -1;
    private long lastSaid;
    private long lastAnswer;
    private boolean answeredOnce;

    public DatabaseOutage() {
        this(System::nanoTime);
    }

    DatabaseOutage(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** True when the failure means the database (or the way to it) is gone, not that a statement was wrong. */
    public static boolean isConnectionLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** A connection failure of an attempt that started just now. */
    public void failed(Throwable e) {
        failed(e, nanoClock.getAsLong());
    }

    /**
     * A connection failure of an attempt started at attemptStarted (System.nanoTime): logged when the outage
     * starts and then at most once a minute. An attempt that began before the database last answered says
     * nothing new (a pool wait that ends after the database is back, with the error it saw meanwhile).
     */
    public synchronized void failed(Throwable e, long attemptStarted) {
        long now = nanoClock.getAsLong();
        if (answeredOnce && attemptStarted - lastAnswer < 0) {
            return;
        }
        String why = Database.rootMessage(e);
        if (since < 0) {
            since = now;
            lastSaid = now;
            LOG.warn("database unreachable: {}; nothing is claimed until it is back, rows in flight are covered by their lease", why);
        } else if (now - lastSaid >= REMIND_NANOS) {
            lastSaid = now;
            LOG.warn("database still unreachable after {}: {}", human(now - since), why);
        }
    }

    /** The database answered: ends an outage with one line. */
    public synchronized void answered() {
        lastAnswer = nanoClock.getAsLong();
        answeredOnce = true;
        if (since >= 0) {
            LOG.info("database reachable again after {}", human(nanoClock.getAsLong() - since));
            since = -1;
        }
    }

    public synchronized boolean ongoing() {
        return since >= 0;
    }

    private static String human(long nanos) {
        long s = Math.round(nanos / 1e9);
        return s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }
}
