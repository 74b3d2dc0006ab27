package io.bubblesync.app;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay JVM's end of the pipe its launcher holds open on the relay's stdin ({@link JvmLauncher}). The launcher
 * never writes to it; when the launcher dies, however it dies (SIGKILL, OOM killer, a supervisor's timeout), the
 * kernel closes its end and this side reads end-of-file. The relay then stops as on SIGTERM: no new claims, in-flight
 * batches finish, claimed rows are handed back, and the JVM exits, so no relay outlives the process that was started.
 */
final class LauncherLifeline {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync");

    private LauncherLifeline() {
    }

    /** Watches {@code pipe} on a daemon thread; at end-of-file (or a read error) the JVM exits through its shutdown hooks. */
    static void watch(InputStream pipe, long launcherPid) {
        Thread t = new Thread(() -> {
            try {
                while (pipe.read() >= 0) {
                    // the launcher writes nothing: a byte is ignored, only end-of-file counts
                }
            } catch (IOException e) {
                // a broken pipe means the same: the launcher is gone
            }
            // the launcher also closes the pipe when it stops the relay itself (SIGTERM, Ctrl-C): the same way out
            LOG.warn("the launcher (pid {}) closed the relay's lifeline (it is gone or stopping): stopping this relay as on SIGTERM", launcherPid);
            System.exit(143); // 128 + SIGTERM; the shutdown hooks stop Camel, hand rows back and close the database
        }, "bubble-sync-launcher-lifeline");
        t.setDaemon(true);
        t.start();
    }
}
