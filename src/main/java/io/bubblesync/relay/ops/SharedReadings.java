package io.bubblesync.relay.ops;

import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.SettledCounts;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's and admin views' database readings, shared by every viewer and kept current by one background
 * thread (a started service): a view asks for a reading by key (the view and its parameters) and gets the last one at
 * once ({@link #current}); every sync.dashboard.refresh the refresher reads again each reading asked for since its last read, one after
 * the other, and forgets those nobody asked for in a while. However many dashboards are open, the database answers
 * each reading once per period, and only while someone looks. A reading nobody has yet is read once ({@link #load}),
 * however many ask together, each waiting for that one. A change made through the admin API marks every reading stale: the next ask reads
 * again. The refresher also keeps {@link SettledCounts} counted (sync.dashboard.recount) while a view needs them.
 * A reading the database fails leaves the last one in place: the views say "database unavailable" only from the
 * background queue reading ({@link DatabaseWait}), when the database really does not answer.
 */
public class SharedReadings extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.dashboard");
    private static final int MAX_READINGS = 32;

    /** A database reading; may fail. */
    public interface Reading {
        Object read() throws Exception;
    }

    private static final class Entry {
        private final Reading reading;
        private volatile Object value;
        private volatile long readNanos;
        private volatile long askedNanos = System.nanoTime();
        private volatile boolean askedSinceRead = true;
        private volatile boolean stale = true;
        private final Object loadLock = new Object();
        private CompletableFuture<Object> loading;

        private Entry(Reading reading) {
            this.reading = reading;
        }

        /** The reading being read for askers (one at a time, on {@code threads}): every asker waits for the same one. */
        private Future<Object> load(Executor threads) {
            synchronized (loadLock) { // not the entry's lock: a refresh in progress must not hold an asker here
                return startLoad(threads);
            }
        }

        private Future<Object> startLoad(Executor threads) {
            if (loading != null && !loading.isDone()) {
                return loading;
            }
            CompletableFuture<Object> next = new CompletableFuture<>();
            threads.execute(() -> {
                try {
                    refresh();
                    next.complete(value);
                } catch (Exception e) {
                    next.completeExceptionally(e);
                }
            });
            loading = next;
            return next;
        }

        private synchronized void refresh() throws Exception {
            stale = false;
            askedSinceRead = false;
            try {
                value = reading.read();
                readNanos = System.nanoTime();
            } catch (Exception e) {
                stale = value == null;
                throw e;
            }
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SettledCounts settled;
    private final Duration refresh;
    private final Duration recount;
    private volatile long settledAskedNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private ScheduledExecutorService refresher;

    public SharedReadings(SettledCounts settled, Duration refresh, Duration recount) {
        this.settled = settled;
        this.refresh = refresh;
        this.recount = recount;
    }

    /** The settled history's counts, kept counted by the refresher while asked for. */
    public SettledCounts settled() {
        settledAskedNanos = System.nanoTime();
        if (settled.due(recount) && refresher != null) {
            refresher.execute(this::recountIfDue);
        }
        return settled;
    }

    /** Reads {@code key} now on {@code threads} (or joins the reading in progress): when there is no current one. */
    public Future<Object> load(String key, Reading reading, Executor threads) {
        Entry e = entries.computeIfAbsent(key, k -> new Entry(reading));
        e.askedNanos = System.nanoTime();
        if (entries.size() > MAX_READINGS) {
            entries.entrySet().stream().filter(x -> x.getValue() != e).min(Comparator.comparingLong(x -> x.getValue().askedNanos))
                    .ifPresent(x -> entries.remove(x.getKey()));
        }
        return e.load(threads);
    }

    /** The reading of {@code key} when there is a current one (not stale), without touching the database; marks it asked. */
    public Optional<Object> current(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        e.askedNanos = System.nanoTime();
        e.askedSinceRead = true;
        Object v = e.value;
        return v == null || e.stale ? Optional.empty() : Optional.of(v);
    }

    /** Something changed the queue or the control (pause, requeue, cleanup): every view reads again when next asked. */
    public void changed() {
        entries.values().forEach(e -> e.stale = true);
    }

    @Override
    protected void doStart() {
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bubble-sync-dashboard-readings");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::tick, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    private void tick() {
        long idle = refresh.toNanos() * 12; // a minute by default: the dashboard of a hidden tab stops asking
        entries.entrySet().removeIf(x -> System.nanoTime() - x.getValue().askedNanos > idle);
        for (Entry e : entries.values()) {
            if (e.askedSinceRead) {
                try {
                    e.refresh();
                } catch (Exception ex) {
                    LOG.debug("dashboard reading kept as it was: {}", Database.rootMessage(ex));
                }
            }
        }
        if (System.nanoTime() - settledAskedNanos < idle) {
            recountIfDue();
        }
    }

    private void recountIfDue() {
        if (!settled.due(recount)) {
            return;
        }
        try {
            long started = System.nanoTime();
            settled.recount();
            LOG.debug("settled history counted in {} ms", (System.nanoTime() - started) / 1_000_000);
            entries.values().forEach(e -> e.askedSinceRead = true); // read again with the history at the next period
        } catch (Exception ex) {
            LOG.debug("settled history not counted: {}", Database.rootMessage(ex));
        }
    }
}
