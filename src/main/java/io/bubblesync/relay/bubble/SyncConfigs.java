package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads {@code sync_config}, when the deployment has that table (checked at most every 30 s, so a table created
 * later is picked up): all its rows at most once a second, so an operator's change takes effect within a second
 * while batches do not each pay a query.
 */
public final class SyncConfigs {
    private static final long RECHECK_NANOS = 30_000_000_000L;
    private static final long REREAD_NANOS = 1_000_000_000L;
    private static final SqlFile PRESENT = SqlFile.load("bubble-sync-config-present.sql");
    private static final SqlFile ROWS = SqlFile.load("bubble-sync-config.sql");

    private final ObjectMapper json = new ObjectMapper();
    private final DataSource ds;
    private volatile boolean present;
    private volatile long checkedAt = System.nanoTime() - RECHECK_NANOS - 1;
    private volatile Map<String, SyncConfig> rows = Map.of();
    private volatile long readAt = System.nanoTime() - REREAD_NANOS - 1;

    public SyncConfigs(DataSource ds) {
        this.ds = ds;
    }

    /** The sync_config of each table that has one; tables without a row are absent. */
    public Map<String, SyncConfig> of(Collection<String> tables) throws SQLException {
        Map<String, SyncConfig> all = all();
        Map<String, SyncConfig> out = new HashMap<>();
        tables.forEach(t -> {
            if (all.containsKey(t)) {
                out.put(t, all.get(t));
            }
        });
        return out;
    }

    /** Every table's sync_config row (empty without the table). */
    public Map<String, SyncConfig> all() throws SQLException {
        if (System.nanoTime() - readAt <= REREAD_NANOS) {
            return rows;
        }
        Map<String, SyncConfig> fresh = new HashMap<>();
        if (present()) {
            for (Map<String, Object> row : ROWS.query(ds)) {
                String table = (String) row.get("supabase_table");
                try {
                    fresh.put(table, SyncConfig.of(table, json.readTree((String) row.get("config"))));
                } catch (Exception e) {
                    throw new SQLException("sync_config row of '" + table + "' is not readable: " + e.getMessage(), e);
                }
            }
        }
        rows = Map.copyOf(fresh);
        readAt = System.nanoTime();
        return rows;
    }

    private boolean present() throws SQLException {
        if (System.nanoTime() - checkedAt > RECHECK_NANOS) {
            present = Boolean.TRUE.equals(PRESENT.query(ds).get(0).get("present"));
            checkedAt = System.nanoTime();
        }
        return present;
    }
}
