package io.bubblesync.relay.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * What stands between the relay and PostgreSQL, measured over two connections of the relay's URL before its pool
 * opens. A transaction-mode pooler (PgBouncer's pool_mode=transaction; Supabase's Supavisor on port 6543, or its
 * dedicated PgBouncer on db.&lt;ref&gt;.supabase.co:6543) lends a server connection for one transaction only: the
 * backend pid a connection sees changes between its transactions, or two client connections see the same
 * backend. Behind one, no server-side prepared statement, session SET or LISTEN survives a transaction (PgBouncer
 * 1.18 answers {@code prepared statement "S_1" already exists}; a LISTEN never hears a NOTIFY — checked here with
 * Debian's PgBouncer 1.18, see PoolerTest). A session pooler keeps one backend per client connection, which is
 * indistinguishable from a direct one except that the server's own port differs from the URL's, or by the host
 * name of Supabase's pooler (*.pooler.supabase.com, Supabase's "Connect" panel).
 */
public record ConnectionPath(Kind kind, String evidence) {
    /** Rounds of one transaction on each connection in turn; a transaction pooler shows itself in the first. */
    private static final int ROUNDS = 3;

    public enum Kind {
        DIRECT("direct"), SESSION_POOLER("session pooler"), TRANSACTION_POOLER("transaction pooler");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A path nobody measured (a host's DataSource): treated as direct. */
    public static final ConnectionPath ASSUMED_DIRECT = new ConnectionPath(Kind.DIRECT, "not measured");

    public boolean transactionPooled() {
        return kind == Kind.TRANSACTION_POOLER;
    }

    /** One line for the start-up log: the path, how it was told, and what it changes. */
    public String startupLine(String pollInterval) {
        if (transactionPooled()) {
            return "database path: transaction pooler (" + evidence + "): statements go unprepared (prepareThreshold=0), "
                    + "sync.db.statement-timeout is enforced by the relay cancelling a statement instead of a session SET, "
                    + "and the wake-up polls every " + pollInterval + " (a LISTEN cannot hear NOTIFY through it); for LISTEN, "
                    + "use the session pooler or a direct connection";
        }
        return "database path: " + kind.label() + " (" + evidence + ")";
    }

    /** One line for a host's DataSource (EmbeddedRelay, Spring Boot) behind a transaction pooler: what the relay changes. */
    public String borrowedLine() {
        return "database path of the host's DataSource: " + kind.label() + " (" + evidence + "): on the connections it borrows "
                + "the relay's statements go unprepared (prepareThreshold=0) and sync.db.statement-timeout is enforced by cancelling "
                + "a statement instead of a session SET; they go back to the host's pool with its own settings. The wake-up "
                + "checks its own LISTEN (sync.db.url) and polls when no NOTIFY comes back";
    }

    /**
     * Measures the path of {@code url} with two connections of its own (same user, password and timeouts as the
     * pool; statements unprepared whatever the URL says, so the probe itself works through any pooler).
     */
    public static ConnectionPath probe(String url, Properties connection) throws SQLException {
        try (Connection a = UnpreparedConnections.connect(url, connection); Connection b = UnpreparedConnections.connect(url, connection)) {
            // one transaction at a time (autocommit): never two server connections at once, so a pool of one works
            int first = pid(a);
            for (int i = 0; i < ROUNDS; i++) {
                int other = pid(b);
                if (other == first) {
                    return new ConnectionPath(Kind.TRANSACTION_POOLER, "two connections were served by one backend, pid " + first);
                }
                int again = pid(a);
                if (again != first) {
                    return new ConnectionPath(Kind.TRANSACTION_POOLER,
                            "one connection's backend changed between transactions, pid " + first + " then " + again);
                }
            }
            return sessionOrDirect(url, a);
        }
    }

    private static ConnectionPath sessionOrDirect(String url, Connection c) throws SQLException {
        Properties parsed = Driver.parseURL(url, null);
        String host = parsed == null ? "" : parsed.getProperty("PGHOST", "").toLowerCase(Locale.ROOT);
        String urlPort = parsed == null ? "" : parsed.getProperty("PGPORT", "");
        if (host.endsWith(".pooler.supabase.com")) {
            return new ConnectionPath(Kind.SESSION_POOLER, "Supabase's pooler host " + host + ", one backend per connection");
        }
        String serverPort;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('port')")) {
            rs.next();
            serverPort = rs.getString(1);
        }
        if (!urlPort.isEmpty() && !urlPort.contains(",") && !urlPort.equals(serverPort)) {
            return new ConnectionPath(Kind.SESSION_POOLER, "the server listens on port " + serverPort + ", the URL says "
                    + urlPort + ": a session pooler or a proxy, one backend per connection");
        }
        return new ConnectionPath(Kind.DIRECT, "one backend per connection, server port " + serverPort);
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
