package io.bubblesync.bench;

import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The shared-budget row (issue 18 §5): three relays with sync.target=bubble on one database drain INSERT rows into the
 * Bubble emulator limited to the app's budget; each relay is given the whole budget (sync.bubble.rate-limit, shared
 * through PostgreSQL, the default). Measures rows/s against the ceiling (the budget as the shared windows grant it,
 * budget x 60/62 a minute at 1 s windows, times the batch size: a batch's creates go in one bulk call, sync.bubble.bulk-max
 * being the batch size), the most
 * requests the emulator accepted in any minute against the budget, its 429s, rows not completed and the rows each
 * relay took.
 */
final class SharedBench {
    static final int RELAYS = 3;
    private static final String KEY = "bench-shared-key-9c3e";

    record Outcome(long rows, int budget, int batchSize, double rowsPerSecond, int maxPerMinute, int tooMany, long failed,
                   int requests, String perRelay) {
        double ceiling() {
            return budget * 60.0 / 62 / 60 * batchSize;
        }
    }

    private SharedBench() {
    }

    static Outcome run(BenchSettings s, Db db) throws Exception {
        long n = s.sharedRows();
        int budget = s.sharedRateLimit();
        db.update("CREATE TABLE listing (_id text PRIMARY KEY, bubble_id text, seq int, email text, name text, plan text)");
        db.update("INSERT INTO listing (_id, seq, email, name, plan) SELECT 'listing-' || g, g, 'user' || g || '@example.com', "
                + "'User ' || g, 'pro' FROM generate_series(1, " + n + ") g");
        try (BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(KEY).rateLimitPerMinute(budget))) {
            List<RelayChild> relays = new ArrayList<>();
            try {
                for (int i = 1; i <= RELAYS; i++) {
                    Map<String, String> env = new HashMap<>(Map.of("SYNC_DB_URL", db.url(), "SYNC_DB_USER", "postgres", "SYNC_TARGET", "bubble",
                            "BUBBLE_API_URL", bubble.baseUrl(), "BUBBLE_API_KEY", KEY, "SYNC_BUBBLE_RATE_LIMIT", Integer.toString(budget),
                            "SYNC_INSTANCE_ID", "bench-shared-" + i, "SYNC_CONCURRENCY", Integer.toString(s.concurrency()),
                            "SYNC_BATCH_SIZE", Integer.toString(s.batchSize()), "CAMEL_MANAGEMENT_ENABLED", "false"));
                    env.put("SYNC_BUBBLE_BULK_MAX", Integer.toString(s.batchSize())); // one bulk call per batch: the budget sets the pace
                    relays.add(RelayChild.start(s.relayJvm(), env, "relay-shared-" + i + ".log"));
                }
                Awaitility.await("shared relays listening").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> relays.stream().anyMatch(r -> !r.isAlive()) || db.number("SELECT count(*) FROM pg_stat_activity "
                                + "WHERE datname = current_database() AND state = 'idle' AND query = 'LISTEN sync_queue_insert'") >= RELAYS);
                check(relays);
                db.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) SELECT 'listing', 'listing-' || g, 'INSERT', "
                        + Db.PAYLOAD + " FROM generate_series(1, " + n + ") g");
                double committed = db.number("SELECT extract(epoch FROM clock_timestamp())");
                Awaitility.await("shared rows delivered").atMost(Duration.ofSeconds(120 + n * 62 / (budget * (long) s.batchSize()) * 2))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> relays.stream().anyMatch(r -> !r.isAlive()) || !db.anyOpen());
                check(relays);
                double last = db.number("SELECT extract(epoch FROM max(processed_at)) FROM sync_queue WHERE table_name = 'listing'");
                long failed = db.count("table_name = 'listing' AND status <> 'completed'");
                String perRelay = db.text("SELECT count(*) FROM sync_queue WHERE table_name = 'listing' GROUP BY claimed_by ORDER BY claimed_by")
                        .trim().replace('\n', '/');
                return new Outcome(n, budget, s.batchSize(), n / (last - committed), bubble.maxRequestsInAnyMinute(),
                        bubble.tooManyRequestsSent(), failed, bubble.requests().size(), perRelay);
            } finally {
                for (RelayChild r : relays) {
                    r.close();
                }
            }
        }
    }

    private static void check(List<RelayChild> relays) throws Exception {
        for (RelayChild r : relays) {
            if (!r.isAlive()) {
                throw new IllegalStateException("a shared-budget relay exited:\n" + r.logTail());
            }
        }
    }
}
