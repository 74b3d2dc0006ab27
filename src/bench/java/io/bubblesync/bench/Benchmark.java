package io.bubblesync.bench;

import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.support.LoopbackSink;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The relay's benchmark (not part of mvn test): its own PostgreSQL 15 and loopback sink, the raw limit of
 * claim + settle on plain JDBC; then the real relay started as the README says (packaged defaults, no JVM
 * flags) draining cold, warm, and over a large backlog (-Dbench.big-rows, 1M by default); then the relay with
 * the tuned settings (-Dbench.*) draining, against a slow sink and under steady load; then the claim's cost
 * with 10k vs 1M completed rows.
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
            if ("resync".equals(s.only())) {
                long rows = Long.getLong("bench.resync-rows", 100_000);
                int limit = Integer.getInteger("bench.resync-rate-limit", 1000);
                step("backfill of " + rows + " creates into the emulator at " + limit + " requests/min, then a reconcile of them");
                ResyncBench.Outcome o = ResyncBench.run(s, database(pg, admin, "resync"), rows, limit);
                System.out.println();
                System.out.println(Results.resyncTable(o));
                return;
            }
            if (s.sharedOnly()) {
                step("shared Bubble budget: " + SharedBench.RELAYS + " relays, " + s.sharedRows() + " INSERT rows, budget " + s.sharedRateLimit() + "/min");
                r.shared = SharedBench.run(s, database(pg, admin, "shared"));
                System.out.println();
                System.out.println(r.sharedTable());
                return;
            }
            if (s.bubbleOnly()) {
                step("Bubble target: " + s.bubbleRows() + " INSERT rows, rate limit " + s.bubbleRateLimit() + "/min");
                r.bubble = BubbleBench.run(s, database(pg, admin, "bubble"));
                System.out.println();
                System.out.println(r.bubbleTable());
                return;
            }
            if (s.poolersOnly()) {
                step("packaged defaults directly and through PgBouncer (session, transaction): " + s.poolerRows() + " rows each");
                r.poolers = PoolerBench.run(s, admin, pg.getPort(), postmaster(admin), sink);
                System.out.println();
                System.out.println(r.poolerTable());
                return;
            }
            Db db = database(pg, admin, "bench");

            step("raw limit: claim(5) + settle on 2 JDBC connections, " + s.rows() + " rows");
            db.insertPending("raw", s.rows());
            db.update("VACUUM ANALYZE sync_queue");
            r.raw = RawLimit.drain(db, s.rows());

            long postmaster = postmaster(db);
            step("packaged defaults: the relay started as the README says (no JVM flags, no tuning), cold and warm drains");
            try (RelayChild relay = RelayChild.start(List.of(), packagedEnv(db, sink))) {
                awaitListening(db, relay);
                r.defCold = measuredDrain(db, relay, postmaster, "default_cold", s.rows());
                StatementCounts.reset(db);
                r.defWarm = measuredDrain(db, relay, postmaster, "default_warm", s.rows());
                String statements = StatementCounts.breakdown(db, s.rows());

                step("packaged defaults: drain of " + s.bigRows() + " rows: peak RSS and CPU");
                r.peakReset = relay.resetPeak();
                r.big = measuredDrain(db, relay, postmaster, "big", s.bigRows());
                r.bigRss = relay.peakRssMb();
                if (s.defaultsOnly()) {
                    System.out.printf("%nraw %,.0f rows/s%ncold %s%nwarm %s%nbig (%,d rows) %s; peak RSS %.0f MB (%s)%n%s%n", r.raw,
                            r.defCold.against(r.raw), r.defWarm.against(r.raw), s.bigRows(), r.big.against(r.raw), r.bigRss,
                            relay.rssByProcess(), statements);
                    return;
                }
            }

            try (RelayChild relay = RelayChild.start(s.relayJvm(), relayEnv(s, db, sink))) {
                awaitListening(db, relay);
                step("tuned: warm-up: relay drain of " + s.warmupRows() + " rows, sink 0 ms (JIT)");
                r.cold = measuredDrain(db, relay, postmaster, "warmup", s.warmupRows());
                step("tuned: relay drain of " + s.rows() + " rows, sink 0 ms");
                StatementCounts.reset(db);
                r.fast = measuredDrain(db, relay, postmaster, "fast", s.rows());
                r.statements = StatementCounts.read(db, s.rows());

                step("tuned: relay drain of " + s.slowRows() + " rows, sink 50 ms");
                sink.delayMs(50);
                sink.resetMaxInFlight();
                r.slow = drain(db, relay, "slow", s.slowRows());
                r.slowInFlight = sink.maxInFlight();
                sink.delayMs(0);

                step("tuned: latency at a steady " + s.latencyRate() + " rows/s for " + s.latencySeconds() + " s");
                long produced = SteadyProducer.produce(db, s.latencyRate(), s.latencySeconds());
                awaitCompleted(db, relay, "latency", produced);
                r.latency = SteadyProducer.percentiles(db);
            }

            step("Bubble target: " + s.bubbleRows() + " INSERT rows, rate limit " + s.bubbleRateLimit() + "/min");
            r.bubble = BubbleBench.run(s, database(pg, admin, "bubble"));

            step("shared Bubble budget: " + SharedBench.RELAYS + " relays, " + s.sharedRows() + " INSERT rows, budget " + s.sharedRateLimit() + "/min");
            r.shared = SharedBench.run(s, database(pg, admin, "shared"));

            step("packaged defaults directly and through PgBouncer (session, transaction): " + s.poolerRows() + " rows each");
            r.poolers = PoolerBench.run(s, admin, pg.getPort(), postmaster, sink);

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

    /** Only what a deployment must say (database, endpoint, key) and a free management port: every tunable packaged. */
    private static Map<String, String> packagedEnv(Db db, LoopbackSink sink) throws Exception {
        return Map.of("SYNC_DB_URL", db.url(), "SYNC_DB_USER", "postgres", "BUBBLE_SYNC_URL", sink.url(),
                "SERVICE_ROLE_KEY", "bench-key", "SYNC_INSTANCE_ID", "bench-relay", "CAMEL_MANAGEMENT_PORT", Integer.toString(freePort()));
    }

    private static Map<String, String> relayEnv(BenchSettings s, Db db, LoopbackSink sink) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(packagedEnv(db, sink));
        env.putAll(Map.of("SYNC_CONCURRENCY", Integer.toString(s.concurrency()), "SYNC_CLAIM_LIMIT", Integer.toString(s.claimLimit()),
                "SYNC_CLAIM_MAX", Integer.toString(s.claimLimit()), "SYNC_BATCH_SIZE", Integer.toString(s.batchSize()),
                "SYNC_DB_POOL_SIZE", Integer.toString(s.poolSize())));
        return env;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The postmaster: the first line of postmaster.pid in the data directory (a backend's parent would do, but a
     * backend is gone as soon as its connection closes). */
    private static long postmaster(Db db) throws Exception {
        Path pidFile = Path.of(db.text("SHOW data_directory").trim(), "postmaster.pid");
        return Long.parseLong(java.nio.file.Files.readAllLines(pidFile).get(0).trim());
    }

    private static void awaitListening(Db db, RelayChild relay) throws Exception {
        Awaitility.await("relay listening").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> listening(db) || !relay.isAlive());
        check(relay);
    }

    /** A drain with the CPU the relay (all its JVMs) and PostgreSQL (postmaster and backends) spent on it. */
    private static Results.Drain measuredDrain(Db db, RelayChild relay, long postmaster, String table, long n) throws Exception {
        double relayCpu = relay.cpuSeconds();
        double pgCpu = ProcessTree.cpuSeconds(postmaster);
        double rate = drain(db, relay, table, n);
        return new Results.Drain(n, rate, relay.cpuSeconds() - relayCpu, ProcessTree.cpuSeconds(postmaster) - pgCpu);
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
