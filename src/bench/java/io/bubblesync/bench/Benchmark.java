package io.bubblesync.bench;

import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.support.LoopbackSink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The relay's benchmark (not part of mvn test): its own PostgreSQL 15 and loopback sink, the raw limit of
 * claim + settle on plain JDBC, then the real relay (a child JVM) draining, under steady load, and over a
 * large backlog (-Dbench.big-rows, 1M by default); then the claim's cost with 10k vs 1M completed rows.
 * Prints the table and writes the measured part of BENCHMARKS.md.
 * Run: mvn -B -ntp -Pbench verify
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings s = BenchSettings.fromSystem();
        Results r = new Results(s);
        long started = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("shared_buffers", "256MB")
                .setServerConfig("synchronous_commit", s.synchronousCommit())
                .setServerConfig("shared_preload_libraries", "pg_stat_statements").start();
             LoopbackSink sink = new LoopbackSink(0)) {
            Db admin = new Db("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres");
            r.postgres = admin.text("SELECT version()").trim();
            if (s.bubbleOnly()) {
                step("Bubble target: " + s.bubbleRows() + " INSERT rows, rate limit " + s.bubbleRateLimit() + "/min");
                r.bubble = BubbleBench.run(s, database(pg, admin, "bubble"));
                System.out.println();
                System.out.println(r.bubbleTable());
                return;
            }
            Db db = database(pg, admin, "bench");

            step("raw limit: claim(5) + settle on 2 JDBC connections, " + s.rows() + " rows");
            db.insertPending("raw", s.rows());
            db.update("VACUUM ANALYZE sync_queue");
            r.raw = RawLimit.drain(db, s.rows());

            try (RelayChild relay = RelayChild.start(s.relayJvm(), relayEnv(s, db, sink))) {
                Awaitility.await("relay listening").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> listening(db) || !relay.isAlive());
                check(relay);
                step("warm-up: relay drain of " + s.warmupRows() + " rows, sink 0 ms (JIT)");
                double cpu = relay.cpuSeconds();
                r.cold = drain(db, relay, "warmup", s.warmupRows());
                r.coldCpu = relay.cpuSeconds() - cpu;
                step("relay drain of " + s.rows() + " rows, sink 0 ms");
                cpu = relay.cpuSeconds();
                StatementCounts.reset(db);
                r.fast = drain(db, relay, "fast", s.rows());
                r.statements = StatementCounts.read(db, s.rows());
                r.fastCpu = relay.cpuSeconds() - cpu;

                step("relay drain of " + s.slowRows() + " rows, sink 50 ms");
                sink.delayMs(50);
                sink.resetMaxInFlight();
                r.slow = drain(db, relay, "slow", s.slowRows());
                r.slowInFlight = sink.maxInFlight();
                sink.delayMs(0);

                step("latency at a steady " + s.latencyRate() + " rows/s for " + s.latencySeconds() + " s");
                long produced = SteadyProducer.produce(db, s.latencyRate(), s.latencySeconds());
                awaitCompleted(db, relay, "latency", produced);
                r.latency = SteadyProducer.percentiles(db);

                step("relay drain of " + s.bigRows() + " rows: peak RSS and CPU");
                r.peakReset = relay.resetPeak();
                cpu = relay.cpuSeconds();
                r.big = drain(db, relay, "big", s.bigRows());
                r.bigCpu = relay.cpuSeconds() - cpu;
                r.bigRss = relay.peakRssMb();
            }

            step("Bubble target: " + s.bubbleRows() + " INSERT rows, rate limit " + s.bubbleRateLimit() + "/min");
            r.bubble = BubbleBench.run(s, database(pg, admin, "bubble"));

            step("claim time with " + s.claimSmall() + " vs " + s.claimLarge() + " completed rows");
            r.claim = ClaimCost.measure(database(pg, admin, "claim_small"), database(pg, admin, "claim_large"), s.claimSmall(), s.claimLarge());
        }
        r.minutes = (System.nanoTime() - started) / 60e9;
        System.out.println();
        System.out.println(r.table());
        Path file = Report.write(Path.of("BENCHMARKS.md"), r);
        System.out.println("written: " + file.toAbsolutePath());
    }

    private static Db database(EmbeddedPostgres pg, Db admin, String name) throws Exception {
        admin.update("CREATE DATABASE " + name);
        Schema.migrate(pg.getDatabase("postgres", name));
        return new Db("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name);
    }

    private static Map<String, String> relayEnv(BenchSettings s, Db db, LoopbackSink sink) {
        return Map.of("SYNC_DB_URL", db.url(), "SYNC_DB_USER", "postgres", "BUBBLE_SYNC_URL", sink.url(),
                "SERVICE_ROLE_KEY", "bench-key", "SYNC_INSTANCE_ID", "bench-relay",
                "SYNC_CONCURRENCY", Integer.toString(s.concurrency()), "SYNC_CLAIM_LIMIT", Integer.toString(s.claimLimit()),
                "SYNC_BATCH_SIZE", Integer.toString(s.batchSize()), "SYNC_DB_POOL_SIZE", Integer.toString(s.poolSize()));
    }

    private static boolean listening(Db db) throws Exception {
        return db.number("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND state = 'idle' AND query = 'LISTEN sync_queue_insert'") > 0;
    }

    /** Inserts n rows in one statement and waits until the relay completed them all; rows/s from commit to last. */
    private static double drain(Db db, RelayChild relay, String table, long n) throws Exception {
        double committed = db.insertPending(table, n);
        awaitCompleted(db, relay, table, n);
        double last = db.number("SELECT extract(epoch FROM max(processed_at)) FROM sync_queue WHERE table_name = '" + table + "'");
        return n / (last - committed);
    }

    private static void awaitCompleted(Db db, RelayChild relay, String table, long n) throws Exception {
        // asks only whether any row is still open, each question walking one partial index in order and
        // stopping at the first live entry, once a second: counting the open rows every 250 ms cost ~90 ms of
        // PostgreSQL CPU per poll mid-drain (dead index entries), competing with the relay for the two cores.
        // The steps run one after another, so an open row of any table means this step is not done; the rate
        // is taken from processed_at, so the poll interval does not change it.
        Awaitility.await(table + " rows delivered").atMost(Duration.ofSeconds(120 + n / 200)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !relay.isAlive() || !db.anyOpen());
        check(relay);
        long notCompleted = db.count("table_name = '" + table + "' AND status <> 'completed'");
        if (notCompleted > 0) {
            throw new IllegalStateException(notCompleted + " " + table + " rows did not complete");
        }
    }

    private static void check(RelayChild relay) throws Exception {
        if (!relay.isAlive()) {
            throw new IllegalStateException("the relay exited:\n" + relay.logTail());
        }
    }

    private static void step(String what) {
        System.out.println("bench: " + what + " ...");
    }
}
