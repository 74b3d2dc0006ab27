package io.bubblesync.bench;

import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The Bubble row: a relay with sync.target=bubble drains INSERT rows of a source table {@code listing} into the
 * Bubble emulator, both limited to the same requests per minute (sync.bubble.rate-limit and the emulator's 429
 * limit). Measures rows/s, the most requests the emulator accepted in any minute, the 429s it sent, rows not
 * completed. A batch's creates go in one bulk call (sync.bubble.bulk-max = the batch size, so the limit sets the pace;
 * the backfill row measures bulk across batches), so the ceiling is limit / 60 x batch size rows/s.
 */
final class BubbleBench {
    private static final String KEY = "bench-bubble-key-5a1f";

    record Outcome(long rows, int limit, int batchSize, double rowsPerSecond, int maxPerMinute, int tooMany, long failed, int requests) {
        double ceiling() {
            return limit / 60.0 * batchSize;
        }
    }

    private BubbleBench() {
    }

    static Outcome run(BenchSettings s, Db db) throws Exception {
        long n = s.bubbleRows();
        int limit = s.bubbleRateLimit();
        db.update("CREATE TABLE listing (_id text PRIMARY KEY, bubble_id text, seq int, email text, name text, plan text)");
        db.update("INSERT INTO listing (_id, seq, email, name, plan) SELECT 'listing-' || g, g, 'user' || g || '@example.com', "
                + "'User ' || g, 'pro' FROM generate_series(1, " + n + ") g");
        try (BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(KEY).rateLimitPerMinute(limit))) {
            Map<String, String> env = new HashMap<>(Map.of("SYNC_DB_URL", db.url(), "SYNC_DB_USER", "postgres", "SYNC_TARGET", "bubble",
                    "BUBBLE_API_URL", bubble.baseUrl(), "BUBBLE_API_KEY", KEY, "SYNC_BUBBLE_RATE_LIMIT", Integer.toString(limit),
                    "SYNC_INSTANCE_ID", "bench-bubble-relay", "SYNC_CONCURRENCY", Integer.toString(s.concurrency()),
                    "SYNC_CLAIM_LIMIT", Integer.toString(s.claimLimit()), "SYNC_BATCH_SIZE", Integer.toString(s.batchSize())));
            env.put("SYNC_DB_POOL_SIZE", Integer.toString(s.poolSize()));
            env.put("CAMEL_MANAGEMENT_ENABLED", "false");
            // one bulk call per batch, as before bulk across batches (issue 20): the rate limit, not the relay, sets the pace
            env.put("SYNC_BUBBLE_BULK_MAX", Integer.toString(s.batchSize()));
            try (RelayChild relay = RelayChild.start(s.relayJvm(), env)) {
                Awaitility.await("bubble relay listening").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !relay.isAlive() || db.number("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                + "AND state = 'idle' AND query = 'LISTEN sync_queue_insert'") > 0);
                if (!relay.isAlive()) {
                    throw new IllegalStateException("the Bubble relay exited:\n" + relay.logTail());
                }
                db.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) SELECT 'listing', 'listing-' || g, 'INSERT', "
                        + Db.PAYLOAD + " FROM generate_series(1, " + n + ") g");
                double committed = db.number("SELECT extract(epoch FROM clock_timestamp())");
                Awaitility.await("bubble rows delivered").atMost(Duration.ofSeconds(120 + n * 60 / (limit * (long) s.batchSize()) * 2))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> !relay.isAlive() || !db.anyOpen());
                double last = db.number("SELECT extract(epoch FROM max(processed_at)) FROM sync_queue WHERE table_name = 'listing'");
                long failed = db.count("table_name = 'listing' AND status <> 'completed'");
                return new Outcome(n, limit, s.batchSize(), n / (last - committed), bubble.maxRequestsInAnyMinute(),
                        bubble.tooManyRequestsSent(), failed, bubble.requests().size());
            }
        }
    }
}
