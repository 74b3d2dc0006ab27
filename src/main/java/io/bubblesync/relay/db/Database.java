package io.bubblesync.relay.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.RelaySettings;
import java.sql.Connection;
import java.sql.SQLException;

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

    /** Fails with one line when the pool hands out no working connection. */
    public static void ping(HikariDataSource ds) {
        try (Connection c = ds.getConnection()) {
            c.isValid(3);
        } catch (SQLException e) {
            throw new ConfigurationError("database not reachable: " + rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
