package io.bubblesync.relay.support;

import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.camel.RelayRuntime;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A relay wired exactly as in production (settings, pool, Flyway schema, YAML routes, camel-main) against
 * a fresh real database and a real HTTP endpoint; the cron schedule and the wake-up
 * are off so tests drive the passes.
 */
public final class RelayHarness implements AutoCloseable {
    public static final String TOKEN = "test-service-role-key-5f1c9e2b7a";

    private final RelaySettings settings;
    private final HikariDataSource ds;
    private RelayRuntime relay;

    private RelayHarness(RelaySettings settings) {
        this.settings = settings;
        this.ds = Database.open(settings);
        Schema.migrate(ds);
    }

    /** Fast defaults for tests: short timeouts, quick redeliveries, a 2 s backoff without jitter. */
    public static Properties defaults(String endpointUrl) {
        Properties p = new Properties();
        p.setProperty("sync.db.url", TestPostgres.newDatabase());
        p.setProperty("sync.db.user", "postgres");
        p.setProperty("sync.endpoint.url", endpointUrl);
        p.setProperty("sync.endpoint.token", TOKEN);
        p.setProperty("sync.schedule.enabled", "false");
        p.setProperty("sync.wakeup.enabled", "false");
        p.setProperty("sync.http.timeout", "1s");
        p.setProperty("sync.http.redelivery-delay", "20ms");
        p.setProperty("sync.retry.backoff", "2s,4s");
        p.setProperty("sync.retry.jitter", "0");
        p.setProperty("camel.management.enabled", "false");
        return p;
    }

    public static RelayHarness start(Properties overrides) {
        RelayHarness h = new RelayHarness(RelaySettings.from(SettingsSource.load(null, Map.of(), overrides)));
        h.relay = new RelayRuntime(h.settings, h.ds).start();
        return h;
    }

    /** A harness without a relay on the database of a closed one, to look at what it left. */
    public static RelayHarness reopen(RelayHarness closed) {
        return new RelayHarness(closed.settings);
    }

    public PassTally pass(String job) {
        return relay.pass(job);
    }

    public org.apache.camel.CamelContext context() {
        return relay.context();
    }

    public RelaySettings settings() {
        return settings;
    }

    public HikariDataSource dataSource() {
        return ds;
    }

    /** Inserts a pending row and returns its id. */
    /** A backlog: n pending UPDATE rows of table orders (records r-1 … r-n), in one statement. */
    public void insertOrders(int rows) {
        update("INSERT INTO sync_queue (table_name, record_id, operation, payload) "
                + "SELECT 'orders', 'r-' || g, 'UPDATE', jsonb_build_object('seq', g) FROM generate_series(1, ?) g", rows);
    }

    public UUID insert(String table, String recordId, String operation, String payloadJson) {
        return insert(table, recordId, operation, payloadJson, 3);
    }

    public UUID insert(String table, String recordId, String operation, String payloadJson, int maxRetries) {
        UUID id = UUID.randomUUID();
        update("INSERT INTO sync_queue (id, table_name, record_id, operation, payload, max_retries, created_at) "
                + "VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, clock_timestamp())", id, table, recordId, operation, payloadJson, maxRetries);
        return id;
    }

    public int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> row(UUID id) {
        return query("SELECT *, extract(epoch FROM next_retry_at - now()) AS due_in_s FROM sync_queue WHERE id = ?", id).get(0);
    }

    public long count(String where) {
        return ((Number) query("SELECT count(*) AS n FROM sync_queue WHERE " + where).get(0).get("n")).longValue();
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        ds.close();
    }
}
