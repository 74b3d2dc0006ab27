package io.bubblesync.relay.ops.doctor;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.Wakeup;
import io.bubblesync.relay.db.ConnectionPath;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * doctor: the path to the database ({@link ConnectionPath}: direct, session pooler, transaction pooler) and the
 * connections relays need against what the server allows. One relay opens its pool (sync.db.pool-size) and, while
 * its wake-up LISTENs, one connection more. Directly and through a session pooler every one of them is a server
 * connection; through a transaction pooler they are the pooler's clients and the server sees at most the pooler's
 * pool. A pooler's own limits are not visible to its clients (PgBouncer's SHOW needs its admin console; Supabase
 * caps session-mode clients at the project's "Pool Size" per role and database, Supabase discussion #22305), so
 * they are named, not measured.
 */
final class ConnectionChecks {
    private static final SqlFile LIMITS = SqlFile.load("doctor-connections.sql");

    private final RelaySettings settings;
    private final DataSource ds;
    private final int relays;

    ConnectionChecks(RelaySettings settings, DataSource ds, int relays) {
        this.settings = settings;
        this.ds = ds;
        this.relays = relays;
    }

    void run(DoctorReport report) throws SQLException {
        ConnectionPath path = Database.path(settings);
        report.ok("database path", path.kind().label() + " (" + path.evidence() + ")" + consequence(path));
        boolean listens = settings.pipeline().wakeupEnabled() && settings.wakeup().mode() != Wakeup.Mode.POLL && !path.transactionPooled();
        int perRelay = settings.poolSize() + (listens ? 1 : 0);
        String opens = "one relay opens " + perRelay + " (pool " + settings.poolSize() + " = sync.db.pool-size"
                + (settings.raw().getProperty("sync.db.pool-size", "").isBlank() ? ", by default sync.concurrency + sync.wakeup.lanes + 1" : "")
                + (listens ? ", and 1 for the wake-up's LISTEN)" : "; the wake-up " + (settings.pipeline().wakeupEnabled() ? "polls over the pool)" : "is off)"));
        Map<String, Object> server = LIMITS.query(ds).get(0);
        int max = number(server, "max_connections");
        int reserved = number(server, "superuser_reserved") + number(server, "reserved");
        int others = number(server, "clients") - number(server, "relay_clients");
        int room = Math.max(0, max - reserved - others);
        String serverSide = "the server allows " + max + " (max_connections) − " + reserved + " reserved − " + others
                + " other clients now = " + room;
        if (path.transactionPooled()) {
            report.ok("connections", opens + ", all to the pooler: the server sees at most the pooler's pool (PgBouncer's "
                    + "default_pool_size; Supabase's \"Pool Size\" in Database settings), whatever the number of relays; "
                    + serverSide + " server connections");
            return;
        }
        int need = relays * perRelay;
        String pooler = path.kind() == ConnectionPath.Kind.SESSION_POOLER
                ? "; through a session pooler each is also one of its clients, within its pool size (Supabase: \"Pool Size\" per role and database)"
                : "";
        if (need > room) {
            report.warn("connections", relays + " relays would need " + need + " and " + opens + "; " + serverSide + ", room for "
                    + room / Math.max(1, perRelay) + " relays" + pooler,
                    "make each relay smaller (sync.db.pool-size, sync.concurrency, sync.wakeup.lanes; sync.wakeup.mode=poll saves the "
                    + "LISTEN connection), run fewer relays, raise max_connections, or connect through the transaction pooler");
        } else {
            report.ok("connections", opens + "; " + relays + " relays need " + need + "; " + serverSide + ", room for "
                    + room / Math.max(1, perRelay) + " relays" + pooler);
        }
    }

    private static String consequence(ConnectionPath path) {
        return switch (path.kind()) {
            case TRANSACTION_POOLER -> ": statements go unprepared, the statement timeout is a cancel from the relay, the wake-up polls";
            case SESSION_POOLER -> ": works as a direct connection, each relay connection holds one server connection";
            case DIRECT -> "";
        };
    }

    private static int number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).intValue();
    }
}
