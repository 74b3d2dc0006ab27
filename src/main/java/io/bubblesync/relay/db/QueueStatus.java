package io.bubblesync.relay.db;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What an operator asks of the queue: counts by status and operation, backlog age, retry state, recent errors. The
 * open rows are read each time by their partial indexes; the settled history comes from {@link SettledCounts} (a full
 * count now and then, the minutes since at each reading): {@code settledCountedAt} says when that full count was made,
 * null while none has been (then the counts hold the open rows only).
 */
public record QueueStatus(List<Count> counts, Double oldestPendingSeconds, long retryable, long exhausted,
                          long permanent, List<Map<String, Object>> lastErrors, String settledCountedAt) {
    private static final SqlFile OPEN = SqlFile.load("queue-open-counts.sql");
    private static final SqlFile FAILURES = SqlFile.load("queue-failure-states.sql");
    private static final SqlFile ERRORS = SqlFile.load("queue-last-errors.sql");

    public record Count(String status, String operation, long rows) {
    }

    /** Counts the settled history now (the command line's status: one full count). */
    public static QueueStatus read(DataSource ds) throws SQLException {
        SettledCounts settled = new SettledCounts(ds);
        settled.recount();
        return read(ds, settled);
    }

    public static QueueStatus read(DataSource ds, SettledCounts settled) throws SQLException {
        List<Count> counts = new ArrayList<>();
        for (Map<String, Object> r : OPEN.query(ds)) {
            counts.add(new Count((String) r.get("status"), (String) r.get("operation"), ((Number) r.get("rows")).longValue()));
        }
        var history = settled.read();
        history.ifPresent(h -> counts.addAll(h.counts()));
        counts.sort(Comparator.comparing(Count::status).thenComparing(Count::operation, Comparator.nullsLast(Comparator.naturalOrder())));
        Map<String, Object> f = FAILURES.query(ds).get(0);
        Object oldest = f.get("oldest_pending_seconds");
        return new QueueStatus(counts, oldest == null ? null : ((Number) oldest).doubleValue(), number(f, "retryable"), number(f, "exhausted"),
                number(f, "permanent"), ERRORS.query(ds), history.map(h -> h.countedAt().toString()).orElse(null));
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) Objects.requireNonNull(row.get(column), column)).longValue();
    }
}
