package io.bubblesync.relay.camel;

import io.bubblesync.relay.config.DatabaseLimits;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.Wakeup;
import io.bubblesync.relay.db.DatabaseOutage;
import io.bubblesync.relay.db.PendingPoll;
import io.bubblesync.relay.db.UnpreparedConnections;
import io.bubblesync.relay.ops.WakeupStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wake-up: LISTENs on channel sync_queue_insert (notify trigger of migration V4) over a connection of
 * its own (not from the pool, which resets session state) and starts processor passes ({@link WakeupLanes}) as soon
 * as rows are inserted. A lost connection is re-opened with backoff and LISTENs again; passes follow every
 * (re)connect, for rows inserted while nobody listened. The crons stay the safety net.
 * <p>
 * sync.wakeup.mode=auto checks after every LISTEN that a NOTIFY sent over the pool (another session, as the
 * trigger's would be) comes back within {@value #CHECK_MS} ms. Through a transaction pooler it never does (the
 * LISTEN stayed on whichever server connection ran it): then one INFO line, the LISTEN connection is closed and the
 * relay polls instead ({@link PendingPoll}, every sync.wakeup.poll-interval, over the pool); so does
 * sync.wakeup.mode=poll from the start. The mode in use is in {@link WakeupStatus}.
 */
class InsertListener extends ServiceSupport {
    static final String CHANNEL = "sync_queue_insert";
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.wakeup");
    private static final int POLL_MS = 500;
    private static final long PING_EVERY_MS = 30_000;
    private static final long FIRST_RECONNECT_MS = 100;
    static final long CHECK_MS = 3_000;

    private final CamelContext context;
    private final RelaySettings settings;
    private final DataSource pool;
    private final DatabaseOutage outage;
    private final WakeupStatus status;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private WakeupLanes lanes;
    private Thread listener;

    InsertListener(CamelContext context, RelaySettings settings, DataSource pool, DatabaseOutage outage, WakeupStatus status) {
        this.context = context;
        this.settings = settings;
        this.pool = pool;
        this.outage = outage;
        this.status = status;
    }

    @Override
    protected void doStart() {
        lanes = new WakeupLanes(context, settings.pipeline().wakeupLanes());
        listener = new Thread(this::run, "bubble-sync-wakeup");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    protected void doStop() throws Exception {
        stopped.countDown();
        listener.join(POLL_MS * 4L);
        lanes.stop();
    }

    private boolean shuttingDown() {
        return stopped.getCount() == 0;
    }

    private void run() {
        Wakeup.Mode mode = settings.wakeup().mode();
        if (mode == Wakeup.Mode.POLL) {
            status.polling("sync.wakeup.mode=poll");
            LOG.info("wake-up: polling for new rows every {} (sync.wakeup.mode=poll)", settings.wakeup().pollIntervalText());
            pollUntilStopped();
        } else if (listenUntilStopped(mode == Wakeup.Mode.AUTO)) {
            pollUntilStopped();
        }
    }

    /** LISTENs (again after each lost connection) until stopped; returns true when the check says to poll instead. */
    private boolean listenUntilStopped(boolean check) {
        long backoff = FIRST_RECONNECT_MS;
        boolean lost = false;
        while (!shuttingDown()) {
            long attempt = System.nanoTime();
            // a few fixed statements: nothing to gain from preparing them, and nothing to clash behind a pooler
            try (Connection c = UnpreparedConnections.connect(settings.dbUrl(), connectionProperties())) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                if (check && !NotifyCheck.comesBack(c, pool, CHANNEL, CHECK_MS, this::shuttingDown)) {
                    unlisten(c);
                    status.polling("a NOTIFY of its own did not come back after LISTEN (a transaction pooler never delivers one)");
                    LOG.info("wake-up: a NOTIFY of its own did not come back within {} ms after LISTEN on {} (a transaction pooler "
                            + "never delivers one): polling for new rows every {} instead", CHECK_MS, CHANNEL, settings.wakeup().pollIntervalText());
                    return true;
                }
                status.listening(check ? "a NOTIFY of its own came back after LISTEN" : "sync.wakeup.mode=listen");
                if (lost) {
                    LOG.debug("wake-up: re-connected, listening on {} again", CHANNEL);
                } else {
                    LOG.info("wake-up: listening on {}{}", CHANNEL, check ? " (a NOTIFY of its own came back)" : "");
                }
                backoff = FIRST_RECONNECT_MS;
                lost = false;
                attempt = Long.MAX_VALUE; // from now on a failure is news: it happened while listening
                lanes.wake();
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (shuttingDown()) {
                    return false;
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
        return false;
    }

    /** Best effort: the LISTEN may sit on a server connection the pooler lends to others. */
    private static void unlisten(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("UNLISTEN *");
        } catch (SQLException e) {
            LOG.debug("wake-up: UNLISTEN failed ({})", e.getMessage());
        }
    }

    /** Asks every poll interval whether the pending rows changed, and wakes lanes when they did. */
    private void pollUntilStopped() {
        PendingPoll poll = new PendingPoll(pool);
        long every = settings.wakeup().pollInterval().toMillis();
        while (!shuttingDown()) {
            try {
                if (poll.changed()) {
                    lanes.wake();
                }
            } catch (SQLException | RuntimeException e) {
                LOG.debug("wake-up: poll failed ({}); asking again in {} ms", e.getMessage(), every);
            }
            awaitStop(every);
        }
    }

    /** Waits for notifications until stopped; fails when the connection does. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (!shuttingDown()) {
            PGNotification[] got = pg.getNotifications(POLL_MS);
            if (got != null && got.length > 0) {
                lanes.wake();
            } else if (System.nanoTime() - lastPing > TimeUnit.MILLISECONDS.toNanos(PING_EVERY_MS)) {
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT 1"); // a silently dead connection shows up here
                }
                lastPing = System.nanoTime();
            }
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
}
