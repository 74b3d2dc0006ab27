package io.bubblesync.relay.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.DatabaseLimits;
import io.bubblesync.relay.config.RelaySettings;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The relay's connection pool to the database that holds sync_queue. Every connection carries the limits of
 * sync.db.*-timeout: the server cancels a statement past the statement timeout, the driver drops a connection
 * silent past the socket timeout (a frozen or vanished server), and connecting gives up after the connect timeout.
 */
public final class Database {
    private Database() {
    }

    public static HikariDataSource open(RelaySettings settings) {
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
        config.setConnectionInitSql("SET statement_timeout = " + limits.statementTimeout().toMillis());
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
            throw new ConfigurationError("cannot connect to sync.db.url=" + settings.dbUrl() + " as "
                    + settings.dbUser() + ": " + rootMessage(e));
        }
    }

    /**
     * Unpooled connections without statement or socket timeout, for schema migrations only: building an index
     * on a large sync_queue may rightly take longer than any statement of the relay's own.
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
