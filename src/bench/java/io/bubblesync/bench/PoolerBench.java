package io.bubblesync.bench;

import io.bubblesync.relay.support.LoopbackSink;
import io.bubblesync.relay.support.PgBouncer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The pooler rows: the relay with the packaged defaults (only the database, endpoint and key given) on a fresh
 * database each time, directly and through Debian's PgBouncer 1.18 in session and in transaction mode (standing in
 * for Supabase's session pooler, port 5432, and transaction pooler, port 6543). The relay migrates the schema
 * itself through its path, as `run` does; after a warm-up drain it delivers single rows one at a time (insert to
 * completed, which shows the wake-up: LISTEN or polling), then drains sync.bench.pooler-rows in one insert. CPU of
 * the relay, of PostgreSQL (postmaster and backends) and of PgBouncer.
 */
final class PoolerBench {
    private static final int SINGLES = 20;
    private static final java.util.Random ARRIVALS = new java.util.Random(19);

    /** One path: its wake-up, the drain's rows/s and CPU, and single rows' insert-to-completed times. */
    record Outcome(String path, String wakeup, long rows, double rate, double relayCpu, double pgCpu, double bouncerCpu,
                   double singleP50Ms, double singleMaxMs) {
    }

    private PoolerBench() {
    }

    static List<Outcome> run(BenchSettings s, Db admin, int serverPort, long postmaster, LoopbackSink sink) throws Exception {
        List<Outcome> out = new ArrayList<>();
        out.add(path(s, admin, serverPort, postmaster, sink, null));
        for (PgBouncer.Mode mode : List.of(PgBouncer.Mode.SESSION, PgBouncer.Mode.TRANSACTION)) {
            try (PgBouncer bouncer = PgBouncer.start(mode, serverPort, 20)) {
                out.add(path(s, admin, serverPort, postmaster, sink, bouncer));
            }
        }
        return out;
    }

    private static Outcome path(BenchSettings s, Db admin, int serverPort, long postmaster, LoopbackSink sink, PgBouncer bouncer)
            throws Exception {
        String name = bouncer == null ? "direct" : bouncer.mode().name().toLowerCase(java.util.Locale.ROOT);
        admin.update("CREATE DATABASE pooler_" + name);
        Db db = new Db("jdbc:postgresql://127.0.0.1:" + serverPort + "/pooler_" + name);
        String url = bouncer == null ? db.url() : bouncer.urlFor(db.url());
        Map<String, String> env = new HashMap<>(Map.of("SYNC_DB_URL", url, "SYNC_DB_USER", "postgres", "BUBBLE_SYNC_URL", sink.url(),
                "SERVICE_ROLE_KEY", "bench-key", "SYNC_INSTANCE_ID", "bench-" + name, "CAMEL_MANAGEMENT_ENABLED", "false"));
        try (RelayChild relay = RelayChild.start(List.of(), env)) {
            Awaitility.await(name + " relay's wake-up").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !relay.isAlive() || relay.log().contains("wake-up: listening") || relay.log().contains("wake-up: polling")
                            || relay.log().contains("polling for new rows"));
            if (!relay.isAlive()) {
                throw new IllegalStateException("the " + name + " relay exited:\n" + relay.logTail());
            }
            String wakeup = relay.log().contains("polling for new rows") ? "poll" : "listen";
            drain(db, relay, "warmup", Math.max(1000, s.poolerRows() / 5));
            double[] singles = new double[SINGLES];
            for (int i = 0; i < SINGLES; i++) {
                singles[i] = single(db, relay, i);
            }
            Arrays.sort(singles);
            double relayCpu = relay.cpuSeconds();
            double pgCpu = ProcessTree.cpuSeconds(postmaster);
            double bouncerCpu = bouncer == null ? 0 : ProcessTree.cpuSeconds(bouncer.pid());
            double rate = drain(db, relay, "drain", s.poolerRows());
            return new Outcome(name, wakeup, s.poolerRows(), rate, relay.cpuSeconds() - relayCpu, ProcessTree.cpuSeconds(postmaster) - pgCpu,
                    bouncer == null ? 0 : ProcessTree.cpuSeconds(bouncer.pid()) - bouncerCpu, singles[SINGLES / 2], singles[SINGLES - 1]);
        }
    }

    /**
     * One row, inserted when nothing else is open, after a random pause of up to a second (rows arrive at any moment
     * of a poll interval, not just after the previous row was delivered); ms from its insert (created_at, the
     * inserting transaction's start) to its settlement (processed_at).
     */
    private static double single(Db db, RelayChild relay, int i) throws Exception {
        Thread.sleep(ARRIVALS.nextInt(1000));
        db.insertPending("single" + i, 1);
        Awaitility.await("single row").atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(10))
                .until(() -> !relay.isAlive() || db.count("table_name = 'single" + i + "' AND status = 'completed'") == 1);
        return db.number("SELECT extract(epoch FROM processed_at - created_at) * 1000 FROM sync_queue WHERE table_name = 'single" + i + "'");
    }

    private static double drain(Db db, RelayChild relay, String table, long n) throws Exception {
        double committed = db.insertPending(table, n);
        Awaitility.await(table + " rows delivered").atMost(Duration.ofSeconds(120 + n / 200)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !relay.isAlive() || !db.anyOpen());
        if (db.count("table_name = '" + table + "' AND status <> 'completed'") > 0) {
            throw new IllegalStateException(table + " rows did not complete:\n" + relay.logTail());
        }
        double last = db.number("SELECT extract(epoch FROM max(processed_at)) FROM sync_queue WHERE table_name = '" + table + "'");
        return n / (last - committed);
    }
}
