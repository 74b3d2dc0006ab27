package io.bubblesync.relay.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.DatabaseLimits;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.Secret;
import io.bubblesync.relay.config.ShownJdbcUrl;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The relay's connection pool to the database that holds sync_queue. Every connection carries the limits of
 * sync.db.*-timeout: the server cancels a statement past the statement timeout, the driver drops a connection
 * silent past the socket timeout (a frozen or vanished server), and connecting gives up after the connect timeout.
 * Behind a transaction pooler ({@link ConnectionPath}) nothing may rely on a session: statements go unprepared
 * (pgjdbc's prepareThreshold=0: the unnamed statement lives within one protocol exchange) and the statement timeout
 * is pgjdbc's queryTimeout (the driver sends a cancel request, which PgBouncer forwards to the server running the
 * statement; the server answers 57014 as for statement_timeout) instead of a SET that would land on whichever
 * server connection the pooler picked. Values in the URL win over these (pgjdbc reads the URL last); the schema's
 * and Vault's start-up statements go unprepared whatever the URL says ({@link UnpreparedConnections}).
 */
public final class Database {
    private Database() {
    }

    /** Measures the path to the database first ({@link ConnectionPath#probe}), then opens the pool for it. */
    public static HikariDataSource open(RelaySettings settings) {
        return open(settings, path(settings));
    }

    /** What stands between the relay and the database; fails with one line when it cannot connect. */
    public static ConnectionPath path(RelaySettings settings) {
        Properties p = new Properties();
        p.setProperty("user", settings.dbUser());
        p.setProperty("password", settings.dbPassword().reveal());
        return path(settings, settings.dbUrl(), p);
    }

    /**
     * What stands between a host's Hikari pool and its database, measured on the pool's own URL, user, password and
     * driver properties (TLS, say) with two connections of the probe's own: the path of the connections the relay
     * will borrow, whatever sync.db.url (the wake-up's) says.
     */
    public static ConnectionPath path(RelaySettings settings, HikariDataSource host) {
        Properties p = new Properties();
        p.putAll(host.getDataSourceProperties());
        if (host.getUsername() != null) {
            p.setProperty("user", host.getUsername());
        }
        if (host.getPassword() != null) {
            p.setProperty("password", host.getPassword());
        }
        try {
            return ConnectionPath.probe(host.getJdbcUrl(), withLimits(settings, p));
        } catch (SQLException | RuntimeException e) {
            throw new ConfigurationError("cannot connect to " + ShownJdbcUrl.of(host.getJdbcUrl()) + " as " + host.getUsername() + ": "
                    + new Secret(host.getPassword()).scrub(rootMessage(e)));
        }
    }

    private static ConnectionPath path(RelaySettings settings, String url, Properties p) {
        try {
            return ConnectionPath.probe(url, withLimits(settings, p));
        } catch (SQLException | RuntimeException e) {
            throw cannotConnect(settings, e);
        }
    }

    /** The probe's connections: named, and bounded by the relay's connect and socket timeouts. */
    private static Properties withLimits(RelaySettings settings, Properties p) {
        p.setProperty("ApplicationName", "bubble-sync-relay " + settings.instanceId() + " probe");
        int connect = DatabaseLimits.seconds(settings.database().connectTimeout());
        p.setProperty("connectTimeout", Integer.toString(connect));
        p.setProperty("loginTimeout", Integer.toString(connect));
        p.setProperty("socketTimeout", Integer.toString(DatabaseLimits.seconds(settings.database().socketTimeout())));
        return p;
    }

    public static HikariDataSource open(RelaySettings settings, ConnectionPath path) {
        DatabaseLimits limits = settings.database();
        HikariConfig config = new HikariConfig();
        config.setPoolName("sync-db");
        config.setJdbcUrl(settings.dbUrl());
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword().reveal());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(limits.connectTimeout().toMillis());
        config.setValidationTimeout(Math.min(3_000, limits.connectTimeout().toMillis()));
        if (path.transactionPooled()) {
            config.addDataSourceProperty("prepareThreshold", "0");
            config.addDataSourceProperty("queryTimeout", Integer.toString(DatabaseLimits.seconds(limits.statementTimeout())));
        } else {
            config.setConnectionInitSql("SET statement_timeout = " + limits.statementTimeout().toMillis());
        }
        config.addDataSourceProperty("ApplicationName", "bubble-sync-relay " + settings.instanceId());
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("socketTimeout", Integer.toString(DatabaseLimits.seconds(limits.socketTimeout())));
        config.addDataSourceProperty("connectTimeout", Integer.toString(DatabaseLimits.seconds(limits.connectTimeout())));
        config.addDataSourceProperty("loginTimeout", Integer.toString(DatabaseLimits.seconds(limits.connectTimeout())));
        // fail start-up fast with one line when the database is not there
        config.setInitializationFailTimeout(limits.connectTimeout().toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw cannotConnect(settings, e);
        }
    }

    private static ConfigurationError cannotConnect(RelaySettings settings, Exception e) {
        return new ConfigurationError("cannot connect to sync.db.url=" + ShownJdbcUrl.of(settings.dbUrl()) + " as " + settings.dbUser() + ": "
                + settings.dbPassword().scrub(rootMessage(e)));
    }

    /**
     * Unpooled connections without statement or socket timeout, for schema migrations only: building an index
     * on a large sync_queue may rightly take longer than any statement of the relay's own. ({@link Schema} runs
     * them unprepared, whatever the path.)
     */
    public static DataSource forMigration(RelaySettings settings) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(settings.dbUrl());
        ds.setUser(settings.dbUser());
        ds.setPassword(settings.dbPassword().reveal());
        ds.setApplicationName("bubble-sync-relay " + settings.instanceId() + " migrate");
        ds.setConnectTimeout(DatabaseLimits.seconds(settings.database().connectTimeout()));
        return ds;
    }

    /** The first line of the innermost cause's message: what an operator needs from a driver stack. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
