package io.bubblesync.relay.camel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Does a LISTEN hear other sessions? A NOTIFY with a payload of its own is sent over the pool (another session,
 * as the insert trigger's is) and awaited on the listening connection. Through a transaction pooler it never
 * arrives: the LISTEN stayed on the server connection that ran it, which the pooler lends to others. A NOTIFY sent
 * over the listening connection itself would prove nothing there (the pooler may hand it that same server back).
 */
final class NotifyCheck {
    private static final int WAIT_STEP_MS = 250;

    private NotifyCheck() {
    }

    /** True when the NOTIFY came back within {@code withinMs}; notifications of others meanwhile are consumed. */
    static boolean comesBack(Connection listening, DataSource pool, String channel, long withinMs, BooleanSupplier stop)
            throws SQLException {
        String token = "wakeup-check " + UUID.randomUUID();
        try (Connection other = pool.getConnection(); PreparedStatement ps = other.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, token);
            ps.execute();
        }
        PGConnection pg = listening.unwrap(PGConnection.class);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(withinMs);
        long left;
        while ((left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0 && !stop.getAsBoolean()) {
            PGNotification[] got = pg.getNotifications((int) Math.max(1, Math.min(left, WAIT_STEP_MS)));
            for (PGNotification n : got == null ? new PGNotification[0] : got) {
                if (token.equals(n.getParameter())) {
                    return true;
                }
            }
        }
        return false;
    }
}
