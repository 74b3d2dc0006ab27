package io.bubblesync.bench;

import io.bubblesync.relay.bubble.BubbleRateLimit;
import io.bubblesync.relay.bubble.UnknownFields;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.resync.Backfill;
import io.bubblesync.relay.resync.BubbleReader;
import io.bubblesync.relay.resync.Finding;
import io.bubblesync.relay.resync.Reconcile;
import io.bubblesync.relay.resync.ResyncSettings;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * -Dbench.only=resync (issue 20): a backfill of creates of a {@code listing} table into the Bubble emulator, both limited
 * to -Dbench.resync-rate-limit requests/min (1,000 by default), delivered by a relay (its own JVM, packaged defaults,
 * sync.bubble.bulk-max 100): rows per request and minutes from the backfill's start to the last row completed, against
 * the ceiling rows / (limit x bulk-max) minutes; then a reconcile of the same table (every row in sync) at that limit.
 */
final class ResyncBench {
    private static final String KEY = "bench-resync-key-91c0";

    record Outcome(long rows, int limit, int bulkMax, double backfillSeconds, double deliveredMinutes, int createRequests,
                   int tooMany, int maxPerMinute, long notCompleted, double reconcileSeconds, int reconcileRequests, long inSync) {
        double rowsPerRequest() {
            return createRequests == 0 ? 0 : (double) rows / createRequests;
        }

        double ceilingMinutes() {
            return (double) rows / ((double) limit * bulkMax);
        }
    }

    private ResyncBench() {
    }

    static Outcome run(BenchSettings s, Db db, long n, int limit) throws Exception {
        db.update("CREATE TABLE listing (_id text PRIMARY KEY, bubble_id text, title text, price numeric, updated_at timestamptz DEFAULT now())");
        db.update("INSERT INTO listing (_id, title, price) SELECT 'listing-' || lpad(g::text, 7, '0'), 'Listing ' || g, g FROM generate_series(1, " + n + ") g");
        try (BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(KEY).rateLimitPerMinute(limit))) {
            Map<String, String> env = new HashMap<>(Map.of("SYNC_DB_URL", db.url(), "SYNC_DB_USER", "postgres", "SYNC_TARGET", "bubble",
                    "BUBBLE_API_URL", bubble.baseUrl(), "BUBBLE_API_KEY", KEY, "SYNC_BUBBLE_RATE_LIMIT", Integer.toString(limit),
                    "SYNC_INSTANCE_ID", "bench-resync-relay", "CAMEL_MANAGEMENT_ENABLED", "false"));
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(db.url());
            ds.setUser("postgres");
            RelaySettings settings = settings(db, bubble, limit);
            try (RelayChild relay = RelayChild.start(s.relayJvm(), env)) {
                Awaitility.await("relay listening").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !relay.isAlive() || db.number("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                + "AND state = 'idle' AND query = 'LISTEN sync_queue_insert'") > 0);
                if (!relay.isAlive()) {
                    throw new IllegalStateException("the relay exited:\n" + relay.logTail());
                }
                long started = System.nanoTime();
                new Backfill(ds, ResyncSettings.from(settings), "bench", System.out).run(new Backfill.Request("listing", false, null, false, false));
                double backfill = (System.nanoTime() - started) / 1e9;
                Awaitility.await("backfill delivered").atMost(Duration.ofSeconds(600 + n * 60 / ((long) limit * 100) * 3))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> !relay.isAlive() || !db.anyOpen());
                double delivered = (System.nanoTime() - started) / 1e9 / 60;
                long notCompleted = db.count("table_name = 'listing' AND status <> 'completed'");
                int maxPerMinute = bubble.maxRequestsInAnyMinute();
                int tooMany = bubble.tooManyRequestsSent();
                int writes = (int) bubble.requests().stream().filter(r -> r.method().equals("POST")).count();
                Reconcile.Outcome o;
                long reconcileStarted = System.nanoTime();
                BubbleReader reader = new BubbleReader(bubble.baseUrl(), settings.bubble().apiKey(), Duration.ofSeconds(30),
                        new BubbleRateLimit(limit, Duration.ofMinutes(5), Duration.ofSeconds(30), null, waited -> { }));
                o = new Reconcile(ds, settings.bubble(), ResyncSettings.from(settings), new UnknownFields(false, () -> null, Clock.systemUTC()),
                        reader, "bench", new PrintStream(OutputStream.nullOutputStream())).run(new Reconcile.Request("listing", false, 0, false));
                double reconcile = (System.nanoTime() - reconcileStarted) / 1e9;
                return new Outcome(n, limit, 100, backfill, delivered, writes, tooMany, maxPerMinute, notCompleted, reconcile,
                        reader.requests(), o.report().count(Finding.Kind.IN_SYNC));
            }
        }
    }

    private static RelaySettings settings(Db db, BubbleEmulator bubble, int limit) {
        Properties p = new Properties();
        p.setProperty("sync.db.url", db.url());
        p.setProperty("sync.target", "bubble");
        p.setProperty("bubble.api.url", bubble.baseUrl());
        p.setProperty("bubble.api.key", KEY);
        p.setProperty("sync.bubble.rate-limit", Integer.toString(limit));
        return RelaySettings.from(SettingsSource.load(null, Map.of(), p));
    }
}
