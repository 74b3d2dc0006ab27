package io.bubblesync.relay.bubble;

import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync.bubble.rate-limit} as the Bubble app's budget, shared by every relay on the same database
 * ({@code sync.bubble.rate-limit.shared=true}): permits are drawn in small chunks from the current window of
 * {@code sync_rate_window} by one statement (sql/bubble-rate-draw.sql) and used only until that window ends. Windows
 * are {@code sync.bubble.rate-limit.window} long; each grants its even share of the budget, so that no minute of calls
 * (allowing one window for the time a call takes to reach Bubble) holds more than the budget, whether Bubble counts
 * per clock minute or over any 60 seconds. One relay alone gets it all; relays together share it; a relay that dies
 * loses at most its unused chunk.
 */
public final class SharedBudget {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.bubble");
    private static final SqlFile DRAW = SqlFile.load("bubble-rate-draw.sql");

    private final DataSource ds;
    private final String instance;
    private final int budget;
    private final int windowMs;
    private final int windows;
    private final int chunk;
    private final ReentrantLock lock = new ReentrantLock(true);
    private int left;
    private long usableUntil = System.nanoTime();
    private volatile int relays = 1;
    private volatile boolean toldOtherBudget;

    public SharedBudget(DataSource ds, String instance, int perMinute, Duration window) {
        this.ds = ds;
        this.instance = instance;
        this.budget = perMinute;
        this.windowMs = Math.toIntExact(window.toMillis());
        this.windows = windowsPerBudget(windowMs);
        this.chunk = Math.max(1, (int) Math.ceil(perMinute / (double) windows / 4));
    }

    /**
     * Windows among which one budget is spread: those one minute of calls can touch (a minute starting inside a window
     * touches one more than fit in it) and one more, for the time between taking a permit and the call reaching Bubble.
     */
    static int windowsPerBudget(int windowMs) {
        return (int) Math.ceil(60_000.0 / windowMs) + 2;
    }

    /** Takes one permit, waiting for the windows to come; false when none can be had before {@code deadline} (nanoTime). */
    public boolean take(long deadline) throws SQLException {
        try {
            if (!lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            while (true) {
                long now = System.nanoTime();
                if (left > 0 && now - usableUntil < 0) {
                    left--;
                    return true;
                }
                if (now - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                draw(now);
                if (left == 0) { // this window is spent: wait for the next one (or give up at the deadline)
                    long until = usableUntil - deadline < 0 ? usableUntil : deadline;
                    LockSupport.parkNanos(Math.max(0, until - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Requests per minute this relay can expect: the budget as the windows grant it, divided among the relays drawing. */
    public int perMinute() {
        return (int) ((long) budget * (windows - 2) / windows / relays);
    }

    /** Relays that drew from the budget in the last minute, this one included (1 before its first draw). */
    public int relays() {
        return relays;
    }

    public int chunk() {
        return chunk;
    }

    private void draw(long sent) throws SQLException {
        Map<String, Object> answer = DRAW.query(ds, windowMs, budget, windows, chunk, instance).get(0);
        left = ((Number) answer.get("granted")).intValue();
        // measured from before the statement was sent: the window ends no earlier than this in the relay's time
        usableUntil = sent + TimeUnit.MILLISECONDS.toNanos(((Number) answer.get("remaining_ms")).longValue());
        relays = Math.max(1, ((Number) answer.get("relays")).intValue());
        int theirs = ((Number) answer.get("budget")).intValue();
        if (theirs != budget && !toldOtherBudget) {
            toldOtherBudget = true;
            LOG.warn("another relay on this database shares the Bubble budget with sync.bubble.rate-limit={} (this one: {}): "
                    + "give every relay of the app the same sync.bubble.rate-limit and sync.bubble.rate-limit.window", theirs, budget);
        }
    }
}
