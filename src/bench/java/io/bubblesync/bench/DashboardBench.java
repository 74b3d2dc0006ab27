package io.bubblesync.bench;

import io.bubblesync.relay.support.SettledHistory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * The dashboard row (issue 21): a sync_queue holding a week of settled history (-Dbench.dashboard-rows, 2 million by
 * default, 2 % failed with an error message: SettledHistory), the relay started with the packaged defaults. Measures
 * the CPU seconds PostgreSQL (postmaster and backends, /proc) spends per minute while the relay idles, the CPU seconds the
 * first dashboard opened costs over 20 s (its first readings and the full count of the history), then per minute while
 * dashboards are open: each viewer asks what the page asks (overview, failed rows, runs every 5 s; throughput every
 * 15 s), 1 viewer and then -Dbench.dashboard-viewers; and the slowest answer and the answers other than 200.
 */
final class DashboardBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Outcome(long rows, int seconds, double idlePerMin, double firstOpening, double oneViewerPerMin, int viewers,
                   double manyViewersPerMin, int answers, double slowestMs, double p95Ms, int notOk) {
        /** What open dashboards cost PostgreSQL per minute over and above the idle relay: the steady share, plus the first
         * opening (its first readings and the full count of the history, which is made again every 10 minutes) spread
         * over those 10 minutes. */
        double dashboardsPerMin(double steadyPerMin) {
            return steadyPerMin - idlePerMin + firstOpening / 10;
        }
    }

    private DashboardBench() {
    }

    static Outcome run(BenchSettings s, Db db, long postmaster, Map<String, String> env) throws Exception {
        long t0 = System.nanoTime();
        SettledHistory.seed(db.url(), s.dashboardRows());
        System.out.printf("bench:   %,d settled rows in %.0f s (%s)%n", s.dashboardRows(), (System.nanoTime() - t0) / 1e9,
                db.text("SELECT pg_size_pretty(pg_total_relation_size('sync_queue'))").trim());
        int port = Integer.parseInt(env.get("CAMEL_MANAGEMENT_PORT"));
        try (RelayChild relay = RelayChild.start(List.of(), env)) {
            Awaitility.await("relay answering").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !relay.isAlive() || status(port, "/admin/runs?limit=1") == 200);
            if (!relay.isAlive()) {
                throw new IllegalStateException("the relay exited:\n" + relay.logTail());
            }
            Thread.sleep(10_000); // start-up's own reads done
            int seconds = s.dashboardSeconds();
            double idle = pgCpuPerMinute(postmaster, seconds, () -> Thread.sleep(seconds * 1000L));
            List<Double> times = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger notOk = new AtomicInteger();
            // the first dashboard opened: the first readings and the full count of the settled history (sync.dashboard.recount)
            double first = pgCpuPerMinute(postmaster, 20, () -> viewers(port, 1, 20, times, notOk)) * 20 / 60
                    - idle * 20 / 60;
            double one = pgCpuPerMinute(postmaster, seconds, () -> viewers(port, 1, seconds, times, notOk));
            double many = pgCpuPerMinute(postmaster, seconds, () -> viewers(port, s.dashboardViewers(), seconds, times, notOk));
            List<Double> sorted = new ArrayList<>(times);
            Collections.sort(sorted);
            return new Outcome(s.dashboardRows(), seconds, idle, first, one, s.dashboardViewers(), many, sorted.size(),
                    sorted.get(sorted.size() - 1), sorted.get((int) Math.floor(sorted.size() * 0.95)), notOk.get());
        }
    }

    private interface Window {
        void run() throws Exception;
    }

    private static double pgCpuPerMinute(long postmaster, int seconds, Window window) throws Exception {
        double before = ProcessTree.cpuSeconds(postmaster);
        long started = System.nanoTime();
        window.run();
        double elapsed = (System.nanoTime() - started) / 1e9;
        return (ProcessTree.cpuSeconds(postmaster) - before) * 60 / elapsed;
    }

    /** n dashboards open for the given seconds, each polling as dashboard.js does (REFRESH_S 5, CHART_S 15). */
    private static void viewers(int port, int n, int seconds, List<Double> times, AtomicInteger notOk) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int v = 0; v < n; v++) {
            long offset = 5_000L * v / n; // viewers opened at different moments
            pool.submit(() -> {
                Thread.sleep(offset);
                for (int tick = 0; System.nanoTime() < until; tick++) {
                    List<String> paths = new ArrayList<>(List.of("/admin/overview", "/admin/failed?limit=100", "/admin/runs?limit=15"));
                    if (tick % 3 == 0) {
                        paths.add("/admin/throughput?minutes=60");
                    }
                    for (String path : paths) {
                        long t = System.nanoTime();
                        int code = status(port, path);
                        times.add((System.nanoTime() - t) / 1e6);
                        if (code != 200) {
                            notOk.incrementAndGet();
                        }
                    }
                    Thread.sleep(5_000);
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
    }

    private static int status(int port, String path) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build();
            return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
