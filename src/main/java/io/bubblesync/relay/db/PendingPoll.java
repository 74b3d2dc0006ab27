package io.bubblesync.relay.db;

import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The poll wake-up's question (sql/wakeup-poll.sql): have the pending rows changed since the last time? One
 * index-only query over the relay's pool, so it works through any pooler and holds no connection in between.
 */
public final class PendingPoll {
    private static final SqlFile POLL = SqlFile.load("wakeup-poll.sql");

    private final DataSource ds;
    private String last;

    public PendingPoll(DataSource ds) {
        this.ds = ds;
    }

    /** True when pending rows are there and differ from the previous answer (the first answer with rows counts). */
    public boolean changed() throws SQLException {
        Map<String, Object> row = POLL.query(ds).get(0);
        long pending = ((Number) row.get("pending")).longValue();
        String now = pending + " " + row.get("newest");
        boolean changed = pending > 0 && !now.equals(last);
        last = now;
        return changed;
    }
}
