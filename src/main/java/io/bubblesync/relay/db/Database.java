package io.bubblesync.relay.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.RelaySettings;

/** The relay's connection pool to the database that holds sync_queue. */
public final class Database {
    private Database() {
    }

    public static HikariDataSource open(RelaySettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sync-db");
        config.setJdbcUrl(settings.dbUrl());
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword().reveal());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(3_000);
        config.addDataSourceProperty("ApplicationName", "bubble-sync-relay " + settings.instanceId());
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // fail start-up fast with one line when the database is not there
        config.setInitializationFailTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ConfigurationError("cannot connect to sync.db.url=" + settings.dbUrl() + " as "
                    + settings.dbUser() + ": " + rootMessage(e));
        }
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
