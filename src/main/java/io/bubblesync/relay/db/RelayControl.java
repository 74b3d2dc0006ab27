package io.bubblesync.relay.db;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The persisted pause switch (sync_control): every relay on the database reads it before it claims, so a
 * pause said to one instance stops them all. Reads are cached for a second.
 */
public final class RelayControl {
    private static final SqlFile READ = SqlFile.load("control-read.sql");
    private static final SqlFile WRITE = SqlFile.load("control-write.sql");
    private static final long CACHE_NANOS = 1_000_000_000L;

    private final DataSource ds;
    private volatile boolean paused;
    private volatile long readAt;

    public RelayControl(DataSource ds) {
        this.ds = ds;
    }

    /** True when an operator paused the relays; an unreadable switch counts as not paused (the claim will fail anyway). */
    public boolean paused() {
        long now = System.nanoTime();
        if (now - readAt > CACHE_NANOS) {
            try {
                List<Map<String, Object>> rows = READ.query(ds);
                paused = !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0).get("paused"));
            } catch (SQLException e) {
                paused = false;
            }
            readAt = now;
        }
        return paused;
    }

    public Map<String, Object> state() throws SQLException {
        List<Map<String, Object>> rows = READ.query(ds);
        return rows.isEmpty() ? Map.of("paused", false) : rows.get(0);
    }

    public void set(boolean pause, String by) throws SQLException {
        WRITE.update(ds, pause, by);
        readAt = 0;
    }
}
