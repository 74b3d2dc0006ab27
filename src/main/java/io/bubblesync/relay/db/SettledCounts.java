package io.bubblesync.relay.db;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The settled history (completed, skipped, ...) by state and operation without counting millions of rows at each
 * reading: a full count up to a cut-off ({@link #recount()}: index-only, in one backend, still a few tenths of a CPU
 * second of PostgreSQL per two million rows, so done rarely and in the background), plus at each {@link #read()} the rows settled since the cut-off
 * (the last minutes of the history index). Rows deleted (a cleanup, by this relay or another, an operator's DELETE)
 * make it count again soon: PostgreSQL's count of deleted rows of sync_queue is compared at each reading.
 */
public final class SettledCounts {
    private static final SqlFile CUTOFF = SqlFile.load("settled-cutoff.sql");
    private static final SqlFile BEFORE = SqlFile.load("settled-counts-before.sql");
    private static final SqlFile SINCE = SqlFile.load("settled-counts-since.sql");
    private static final SqlFile DELETES = SqlFile.load("settled-deletes.sql");
    private static final SqlFile SERIAL = SqlFile.load("serial-scan.sql");

    /** Counts by status and operation, and when the full count they rest on was made. */
    public record Counted(List<QueueStatus.Count> counts, Instant countedAt) {
    }

    private record Base(String cutoff, Map<List<String>, Long> rows, long deletes, Instant countedAt, long countedNanos) {
    }

    private final DataSource ds;
    private volatile Base base;
    private volatile boolean recountSoon;

    public SettledCounts(DataSource ds) {
        this.ds = ds;
    }

    private static List<String> key(Map<String, Object> row) {
        return Arrays.asList((String) row.get("status"), (String) row.get("operation"));
    }

    /** Counts the whole settled history again. */
    public void recount() throws SQLException {
        long deletes = deletes();
        String cutoff = String.valueOf(CUTOFF.query(ds).get(0).get("cutoff"));
        Map<List<String>, Long> rows = new HashMap<>();
        for (Map<String, Object> r : countSerially(cutoff)) {
            rows.merge(key(r), ((Number) r.get("rows")).longValue(), Long::sum);
        }
        base = new Base(cutoff, rows, deletes, Instant.now(), System.nanoTime());
        recountSoon = false;
    }

    /** The full count in one backend, no parallel workers (serial-scan.sql), in a transaction of its own. */
    private List<Map<String, Object>> countSerially(String cutoff) throws SQLException {
        return Transaction.run(ds, c -> {
            SERIAL.execute(c);
            return BEFORE.query(c, cutoff);
        });
    }

    private long deletes() throws SQLException {
        return ((Number) DELETES.query(ds).get(0).get("deleted")).longValue();
    }

    /** Whether a full count is missing, older than {@code every}, or asked for ({@link #recountSoon()}). */
    public boolean due(Duration every) {
        Base b = base;
        return b == null || recountSoon || System.nanoTime() - b.countedNanos > every.toNanos();
    }

    /** After rows were deleted (cleanup): count again at the next chance. */
    public void recountSoon() {
        recountSoon = true;
    }

    /** The counts now (the last full count and the rows settled since); empty before the first full count. */
    public Optional<Counted> read() throws SQLException {
        Base b = base;
        if (b == null) {
            return Optional.empty();
        }
        if (deletes() != b.deletes) {
            recountSoon = true;
        }
        Map<List<String>, Long> rows = new HashMap<>(b.rows);
        for (Map<String, Object> r : SINCE.query(ds, b.cutoff)) {
            rows.merge(key(r), ((Number) r.get("rows")).longValue(), Long::sum);
        }
        return Optional.of(new Counted(rows.entrySet().stream()
                .map(e -> new QueueStatus.Count(e.getKey().get(0), e.getKey().get(1), e.getValue())).toList(), b.countedAt));
    }
}
