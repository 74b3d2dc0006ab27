package io.bubblesync.relay.db;

import io.bubblesync.relay.config.ConfigurationError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The relay's schema: Flyway migrations under db/bubble-sync (not Flyway's default db/migration, which a host
 * application's own Flyway would pick up), recorded in their own history table so an existing database (with
 * sync_queue and rows in it) is baselined, never rewritten. Its statements run a few times at start-up, so they go
 * unprepared on whatever connections they get ({@link UnpreparedConnections}; the relay's hot path is not affected):
 * Flyway repeats its history-table queries, and through a transaction pooler (a host's DataSource whatever its URL
 * says, or sync.db.url) a server-side prepared statement breaks the migration ("prepared statement "S_3" does not
 * exist").
 */
public final class Schema {
    public static final String HISTORY_TABLE = "sync_relay_schema_history";
    static final List<String> RELAY_COLUMNS = List.of("claimed_at", "claimed_by", "claimed_from", "failure_kind", "origin_run");

    private Schema() {
    }

    /** Applies what is missing; returns how many migrations ran (0 when the schema is current). */
    public static int migrate(DataSource ds) {
        MigrateResult result = flyway(ds, ConnectionPath.sharesBackends(ds)).migrate();
        return result.migrationsExecuted;
    }

    /** Versions of the relay's migrations that are applied / not applied yet (doctor). */
    public static List<String> applied(DataSource ds) {
        return Arrays.stream(flyway(ds).info().applied()).filter(m -> m.getType() != null && !m.getType().isBaseline())
                .map(m -> "V" + m.getVersion().getVersion()).toList();
    }

    public static List<String> pending(DataSource ds) {
        return Arrays.stream(flyway(ds).info().pending()).map(m -> "V" + m.getVersion().getVersion()).toList();
    }

    private static Flyway flyway(DataSource ds) {
        return flyway(ds, true);
    }

    /**
     * Flyway for these migrations. V7 builds its indexes CONCURRENTLY (an existing deployment keeps inserting and
     * delivering meanwhile), which waits for every older transaction of the database: Flyway's lock must then be a
     * session advisory lock, not one held in an open transaction (with that default the build waits forever for
     * Flyway's own transaction). Behind a transaction pooler a session lock is taken on one server connection and
     * released on another ("Unable to release PostgreSQL advisory lock"): there Flyway keeps its transactional lock
     * and V7 builds the indexes in its transaction (writes to sync_queue wait for the build, a few seconds per million
     * rows). The ${concurrently} placeholder of V7 says which; a versioned migration's checksum is its text before
     * placeholders, so either way is the same V7 to Flyway.
     */
    private static Flyway flyway(DataSource ds, boolean transactionPooled) {
        FluentConfiguration config = Flyway.configure()
                .dataSource(new UnpreparedConnections(ds))
                .locations("classpath:db/bubble-sync")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0");
        boolean concurrently = !transactionPooled && sessionLock(config);
        return config.placeholders(Map.of("concurrently", concurrently ? "CONCURRENTLY" : "")).load();
    }

    /**
     * Asks Flyway for a session lock; false when this Flyway cannot be asked (a Spring Boot host brings the Flyway its
     * Boot version manages, whose FluentConfiguration lacks getConfigurationExtension): it then keeps its
     * transactional lock and V7 builds the indexes in its transaction, as behind a transaction pooler.
     */
    private static boolean sessionLock(FluentConfiguration config) {
        try {
            config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
            return true;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Fails with one actionable line when the shared Bubble budget's table (migration V5) is missing. */
    public static void checkSharedRateTable(DataSource ds) {
        String sql = "SELECT to_regclass('sync_rate_window') IS NOT NULL AND to_regclass('sync_rate_relay') IS NOT NULL";
        try (Connection c = new UnpreparedConnections(ds).getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getBoolean(1)) {
                return;
            }
        } catch (SQLException e) {
            throw new ConfigurationError("cannot read the schema: " + Database.rootMessage(e));
        }
        throw new ConfigurationError("sync.bubble.rate-limit.shared=true needs table sync_rate_window (migration V5): run "
                + "'java -jar bubble-sync.jar migrate', set sync.schema.migrate-on-start=true, or set sync.bubble.rate-limit.shared=false");
    }

    /** Fails with one actionable line when sync_queue or the relay's columns are missing. */
    public static void check(DataSource ds) {
        List<String> present = new ArrayList<>();
        String sql = "SELECT column_name FROM information_schema.columns WHERE table_name = 'sync_queue' AND table_schema = current_schema()";
        try (Connection c = new UnpreparedConnections(ds).getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                present.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new ConfigurationError("cannot read the schema: " + Database.rootMessage(e));
        }
        if (present.isEmpty()) {
            throw new ConfigurationError("table sync_queue does not exist and migration is off: run 'java -jar bubble-sync.jar migrate' or set sync.schema.migrate-on-start=true");
        }
        List<String> missing = RELAY_COLUMNS.stream().filter(col -> !present.contains(col)).toList();
        if (!missing.isEmpty()) {
            throw new ConfigurationError("sync_queue lacks the relay's columns " + missing + ": run 'java -jar bubble-sync.jar migrate' or set sync.schema.migrate-on-start=true");
        }
    }
}
