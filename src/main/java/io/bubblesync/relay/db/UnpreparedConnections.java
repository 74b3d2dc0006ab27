package io.bubblesync.relay.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A DataSource's connections lent so that nothing rests on a server-side prepared statement: while the relay holds
 * one, pgjdbc's prepareThreshold is 0 whatever the URL or the pool says, so every statement is parsed as the
 * unnamed statement, which lives within one protocol exchange. A transaction pooler that hands each transaction
 * another server connection then cannot answer {@code prepared statement "S_1" already exists} (or "does not
 * exist"). The connection goes back with the threshold it came with: no round trip, and a host's pool keeps its own
 * behaviour. A connection that is not pgjdbc's is lent unchanged.
 */
public final class UnpreparedConnections extends DelegatingDataSource {

    public UnpreparedConnections(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return unprepared(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return unprepared(super.getConnection(username, password));
    }

    /**
     * A connection of the relay's own (the path probe, the wake-up's LISTEN) that prepares nothing server-side: set on
     * the connection, since a {@code prepareThreshold} in the URL would win over one in {@code properties}.
     */
    public static Connection connect(String url, Properties properties) throws SQLException {
        Connection c = DriverManager.getConnection(url, properties);
        try {
            c.unwrap(PGConnection.class).setPrepareThreshold(0);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static Connection unprepared(Connection c) throws SQLException {
        PGConnection pg;
        int own;
        try {
            if (!c.isWrapperFor(PGConnection.class)) {
                return c;
            }
            pg = c.unwrap(PGConnection.class);
            own = pg.getPrepareThreshold();
            pg.setPrepareThreshold(0); // for the statements created from now on
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Restoring(c, pg, own));
    }

    /** Puts the threshold back before the connection is closed (returned to its pool). */
    private record Restoring(Connection target, PGConnection pg, int own) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && !target.isClosed()) {
                pg.setPrepareThreshold(own);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
