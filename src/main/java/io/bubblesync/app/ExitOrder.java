package io.bubblesync.app;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order things stop in when the JVM is told to stop (SIGTERM, Ctrl-C, the launcher gone) while a command runs:
 * a shutdown hook first stops what the command named ({@link #stopFirst}: a relay started without camel-main's own
 * hook), then waits for the command to close everything itself (camel-main's hook stops the relay meanwhile), and
 * closes it only when the command has not within the grace. So the relay always stops, and hands rows back, before the
 * pool closes and before dev mode's PostgreSQL stops.
 */
final class ExitOrder {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync");

    private final Deque<AutoCloseable> stopFirst = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onExit, "bubble-sync-close");
    private final Runnable closeAll;
    private final LongSupplier graceSeconds;

    ExitOrder(Runnable closeAll, LongSupplier graceSeconds) {
        this.closeAll = closeAll;
        this.graceSeconds = graceSeconds;
    }

    void install() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    synchronized void stopFirst(AutoCloseable relay) {
        stopFirst.push(relay);
    }

    /** The command has closed everything: the hook has nothing left to do. */
    void closed() {
        synchronized (this) {
            stopFirst.clear();
        }
        closed.countDown();
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is stopping: the hook sees the latch and returns
            }
        }
    }

    private void onExit() {
        List<AutoCloseable> relays;
        synchronized (this) {
            relays = List.copyOf(stopFirst);
            stopFirst.clear();
        }
        relays.forEach(ExitOrder::closeQuietly);
        try {
            if (closed.await(graceSeconds.getAsLong(), TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll.run();
    }

    static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("closing: {}: {}", e.getClass().getSimpleName(), e.getMessage());
        }
    }
}
