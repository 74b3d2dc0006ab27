package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.DatabaseLimits;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.db.DatabaseOutage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wake-up: LISTENs on channel sync_queue_insert (notify trigger of migration V4) over a connection of
 * its own (not from the pool, which resets session state) and starts processor passes as soon as rows are
 * inserted: up to sync.wakeup.lanes at once, so one lane claims while another's batches are in flight (a
 * claim never takes a row whose record has an older open row, so lanes keep per-record order as separate
 * relays do). A lane whose pass began before the latest notification runs one more pass; notifications are
 * folded, never queued. A lost connection is re-opened with backoff and LISTENs again; passes follow every
 * (re)connect, for rows inserted while nobody listened. The crons stay the safety net.
 */
class InsertListener extends ServiceSupport {
    static final String CHANNEL = "sync_queue_insert";
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.wakeup");
    private static final int POLL_MS = 500;
    private static final long PING_EVERY_MS = 30_000;
    private static final long FIRST_RECONNECT_MS = 100;

    private final CamelContext context;
    private final RelaySettings settings;
    private final DatabaseOutage outage;
    /** Notifications (and re-connects) so far: a lane runs again when this moved during its pass. */
    private final AtomicLong wakeups = new AtomicLong();
    private final AtomicInteger lanesRunning = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ExecutorService passes;
    private Thread listener;
    private ProducerTemplate template;

    InsertListener(CamelContext context, RelaySettings settings, DatabaseOutage outage) {
        this.context = context;
        this.settings = settings;
        this.outage = outage;
    }

    @Override
    protected void doStart() {
        template = context.createProducerTemplate();
        passes = Executors.newFixedThreadPool(settings.pipeline().wakeupLanes(), r -> daemon(r, "bubble-sync-wakeup-pass"));
        listener = daemon(this::listenUntilStopped, "bubble-sync-wakeup");
        listener.start();
    }

    @Override
    protected void doStop() throws Exception {
        stopped.countDown();
        listener.join(POLL_MS * 4L);
        passes.shutdown();
        template.stop();
    }

    private boolean shuttingDown() {
        return stopped.getCount() == 0;
    }

    private void listenUntilStopped() {
        long backoff = FIRST_RECONNECT_MS;
        boolean lost = false;
        while (!shuttingDown()) {
            long attempt = System.nanoTime();
            try (Connection c = DriverManager.getConnection(settings.dbUrl(), connectionProperties())) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                if (lost) {
                    LOG.debug("wake-up: re-connected, listening on {} again", CHANNEL);
                } else {
                    LOG.info("wake-up: listening on {}", CHANNEL);
                }
                backoff = FIRST_RECONNECT_MS;
                lost = false;
                attempt = Long.MAX_VALUE; // from now on a failure is news: it happened while listening
                wake();
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (shuttingDown()) {
                    return;
                }
                if (DatabaseOutage.isConnectionLoss(e)) {
                    // said once for the whole relay, not by every part that noticed
                    outage.failed(e, attempt == Long.MAX_VALUE ? System.nanoTime() : attempt);
                    LOG.debug("wake-up: lost its database connection ({}); re-connecting", e.getMessage());
                } else if (!lost) {
                    LOG.warn("wake-up: lost its database connection ({}); re-connecting, cron passes go on meanwhile", e.getMessage());
                }
                lost = true;
                awaitStop(backoff);
                backoff = Math.min(backoff * 2, settings.pipeline().wakeupReconnectMax().toMillis());
            }
        }
    }

    /** Waits for notifications until stopped; fails when the connection does. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (!shuttingDown()) {
            PGNotification[] got = pg.getNotifications(POLL_MS);
            if (got != null && got.length > 0) {
                wake();
            } else if (System.nanoTime() - lastPing > TimeUnit.MILLISECONDS.toNanos(PING_EVERY_MS)) {
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1"); // a silently dead connection shows up here
                }
                lastPing = System.nanoTime();
            }
        }
    }

    /** Counts the notification and starts idle lanes; running lanes see the count move and go round again. */
    private void wake() {
        wakeups.incrementAndGet();
        startLanes();
    }

    private void startLanes() {
        int running;
        while ((running = lanesRunning.get()) < settings.pipeline().wakeupLanes() && !shuttingDown()) {
            if (lanesRunning.compareAndSet(running, running + 1)) {
                passes.execute(this::lane);
            }
        }
    }

    /** Runs passes until none was asked for since the last one began. */
    private void lane() {
        long seen = -1;
        try {
            do {
                seen = wakeups.get();
                if (shuttingDown() || context.isStopping()) {
                    break;
                }
                template.send("direct:pass", ex -> {
                    ex.setProperty("job", "processor");
                    ex.setProperty(PassReport.TRIGGER, "wakeup");
                });
            } while (wakeups.get() != seen);
        } catch (RuntimeException e) {
            LOG.warn("wake-up pass failed: {}", e.getMessage());
        } finally {
            lanesRunning.decrementAndGet();
        }
        if (wakeups.get() != seen && !shuttingDown()) {
            startLanes(); // a notification came after the last check, while every lane was still counted as running
        }
    }

    private Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("user", settings.dbUser());
        p.setProperty("password", settings.dbPassword().reveal());
        p.setProperty("ApplicationName", "bubble-sync-relay " + settings.instanceId() + " wake-up");
        p.setProperty("tcpKeepAlive", "true");
        int connect = DatabaseLimits.seconds(settings.database().connectTimeout());
        p.setProperty("connectTimeout", Integer.toString(connect));
        p.setProperty("loginTimeout", Integer.toString(connect));
        p.setProperty("socketTimeout", Integer.toString(DatabaseLimits.seconds(settings.database().socketTimeout())));
        return p;
    }

    private void awaitStop(long millis) {
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
