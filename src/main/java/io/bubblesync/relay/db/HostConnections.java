package io.bubblesync.relay.db;

import io.bubblesync.relay.config.DatabaseLimits;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A host's DataSource (Spring Boot, {@code EmbeddedRelay}) as the relay borrows from it: while the relay holds a
 * connection it carries sync.db.statement-timeout (server side) and sync.db.socket-timeout (the driver's network
 * timeout), so a frozen database cannot hold the relay past them even when the host's pool sets neither. The
 * connection goes back to the host's pool with the host's own values: two round trips per borrow, and the relay
 * borrows a few times per 1,000 rows delivered. Connect timeouts stay the host pool's own.
 * <p>
 * Behind a transaction pooler ({@link ConnectionPath}) a session SET would land on whichever server connection the
 * pooler picked and stay there for others: then nothing is SET; every statement the relay creates carries the
 * statement timeout as its query timeout (pgjdbc cancels it), and the connection prepares nothing server-side
 * while the relay holds it ({@link UnpreparedConnections}). Both go back to the host's values on return; no round trip.
 */
public final class HostConnections extends DelegatingDataSource {
    private static final String SWAP = "SELECT current_setting('statement_timeout'), set_config('statement_timeout', ?, false)";
    private static final String RESTORE = "SELECT set_config('statement_timeout', ?, false)";
    /** setNetworkTimeout's executor, used by the driver to abort a connection it gives up on. */
    private static final Executor ABORT = Runnable::run;

    private final long statementMs;
    private final int socketMs;
    private final boolean transactionPooled;

    public HostConnections(DataSource host, DatabaseLimits limits) {
        this(host, limits, ConnectionPath.ASSUMED_DIRECT);
    }

    public HostConnections(DataSource host, DatabaseLimits limits, ConnectionPath path) {
        super(path.transactionPooled() ? new UnpreparedConnections(host) : host);
        this.statementMs = limits.statementTimeout().toMillis();
        this.socketMs = (int) Math.min(Integer.MAX_VALUE, limits.socketTimeout().toMillis());
        this.transactionPooled = path.transactionPooled();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return bounded(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return bounded(super.getConnection(username, password));
    }

    private Connection bounded(Connection c) throws SQLException {
        int hostSocketMs;
        String hostStatement = null;
        try {
            hostSocketMs = c.getNetworkTimeout();
            c.setNetworkTimeout(ABORT, socketMs);
            if (!transactionPooled) {
                hostStatement = swap(c, Long.toString(statementMs));
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        int queryTimeoutSeconds = transactionPooled ? DatabaseLimits.seconds(java.time.Duration.ofMillis(statementMs)) : 0;
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Restoring(c, hostSocketMs, hostStatement, queryTimeoutSeconds));
    }

    /** Sets statement_timeout (ms) for the session; returns the value it had. */
    private static String swap(Connection c, String value) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SWAP)) {
            st.setString(1, value);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Gives the host's values back before the connection goes back to the host's pool. */
    private record Restoring(Connection target, int hostSocketMs, String hostStatement, int queryTimeoutSeconds)
            implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && !target.isClosed()) {
                try {
                    restore();
                } finally {
                    target.close();
                }
                return null;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (queryTimeoutSeconds > 0 && result instanceof Statement st) {
                st.setQueryTimeout(queryTimeoutSeconds); // the statement timeout, kept by a cancel from the driver
            }
            return result;
        }

        private void restore() throws SQLException {
            try {
                if (!target.getAutoCommit()) {
                    target.rollback(); // a transaction the relay left open (it commits what it means to keep)
                }
                if (hostStatement != null) {
                    try (PreparedStatement st = target.prepareStatement(RESTORE)) {
                        st.setString(1, hostStatement);
                        st.executeQuery().close();
                    }
                }
                target.setNetworkTimeout(ABORT, hostSocketMs);
            } catch (SQLException e) {
                // a connection that cannot take its settings back is not handed to the host again
                target.abort(ABORT);
            }
        }
    }
}
