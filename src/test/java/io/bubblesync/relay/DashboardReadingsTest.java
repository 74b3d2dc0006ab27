package io.bubblesync.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.db.SqlFile;
import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.SettledHistory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's and the admin views' readings on a long settled history (a week of rows, 2 % failed with an error
 * message, as the issue describes): each statement walks an index made for it, never the table; readings are shared
 * by every viewer (one per period however many ask); the settled counts stay exact as rows are settled and deleted;
 * a slow database gets the last reading, not "database unavailable". The CPU this saves is the benchmark's dashboard
 * row (BENCHMARKS.md); here the evidence is the plans and PostgreSQL's own counters, not a stopwatch.
 */
class DashboardReadingsTest {
    private static final String NO_SINK = "http://127.0.0.1:9/functions/v1/bubble_sync";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void every_reading_walks_an_index_made_for_it_and_costs_the_same_on_a_history_twice_as_long() throws Exception {
        Properties p = RelayHarness.defaults(NO_SINK);
        try (RelayHarness relay = RelayHarness.start(p);
             Connection c = DriverManager.getConnection(p.getProperty("sync.db.url"), "postgres", "")) {
            SettledHistory.seed(p.getProperty("sync.db.url"), 100_000);
            String cutoff = String.valueOf(relay.query("SELECT now() - interval '1 minute' AS c").get(0).get("c"));
            Map<String, Long> before = pagesTouched(c, cutoff);

            // 100,000 more completed rows, older than a day: the history doubles, the failed rows and the last hour do not
            relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload, status, created_at, processed_at, claimed_at) "
                    + "SELECT 'orders', 'old-' || g, 'UPDATE', '{\"n\":1}', 'completed', t, t + interval '2 seconds', t + interval '1 second' "
                    + "FROM generate_series(1, 100000) g, LATERAL (SELECT now() - interval '7 days' + g * interval '5 seconds') AS a(t)");
            SettledHistory.vacuum(p.getProperty("sync.db.url"));
            Map<String, Long> after = pagesTouched(c, cutoff);

            before.forEach((reading, pages) -> assertThat(after.get(reading))
                    .as("%s: pages touched with 100k then 200k settled rows (%d before)", reading, pages).isLessThanOrEqualTo(pages * 6 / 5 + 5));
        }
    }

    /** Pages (shared buffers hit or read) each reading of the dashboard and the admin views touches; none reads sync_queue whole. */
    private static Map<String, Long> pagesTouched(Connection c, String cutoff) throws Exception {
        Object[][] readings = {
                {"queue-watch.sql"}, {"queue-open-counts.sql"}, {"queue-failure-states.sql"}, {"queue-last-errors.sql"},
                {"failed-summary.sql"}, {"failed-rows.sql", null, null, null, null, 100}, {"failed-rows.sql", "users", "users", null, null, 100},
                {"failed-rows.sql", null, null, "price", "price", 100}, {"failed-match-count.sql", null, null, "price"},
                {"dashboard-throughput.sql", 60, 60, 60, 60, 60}, {"dashboard-latency.sql", 60}, {"dashboard-processing.sql"},
                {"settled-counts-since.sql", cutoff}, {"settled-deletes.sql"}, {"run-recent.sql", 15}, {"control-read.sql"}};
        Map<String, Long> pages = new java.util.LinkedHashMap<>();
        for (Object[] r : readings) {
            JsonNode plan = explain(c, (String) r[0], java.util.Arrays.copyOfRange(r, 1, r.length));
            String shown = r[0] + " " + java.util.Arrays.asList(r).subList(1, r.length);
            assertThat(scans(plan)).as(shown + ": no sequential scan of sync_queue\n" + plan.toPrettyString())
                    .noneMatch(s -> s.equals("Seq Scan on sync_queue"));
            pages.put(shown, plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong());
        }
        return pages;
    }

    @Test
    void readings_are_shared_however_many_viewers_ask() throws Exception {
        Properties p = ManagementPort.enable(RelayHarness.defaults(NO_SINK));
        p.setProperty("sync.dashboard.refresh", "1s");
        String url = p.getProperty("sync.db.url");
        try (RelayHarness seeded = RelayHarness.start(p)) {
            SettledHistory.seed(url, 20_000);
        }
        Phase one = viewers(p, 1);
        Phase eight = viewers(p, 8);
        System.out.printf("dashboard readings: 1 viewer %d answers, %d index scans; 8 viewers %d answers, %d index scans%n",
                one.answers, one.scans, eight.answers, eight.scans);
        assertThat(eight.answers).as("eight viewers asked about eight times as often").isGreaterThan(one.answers * 5);
        assertThat(eight.refused).as("answers other than 200").isEmpty();
        assertThat(one.refused).isEmpty();
        // index scans of the readings' indexes, counted by PostgreSQL: about one set per period, not one per viewer
        assertThat(eight.scans).as("index scans with 8 viewers vs %d with 1", one.scans).isLessThanOrEqualTo(one.scans * 3 / 2 + 10);
    }

    @Test
    void settled_counts_follow_settled_rows_at_once_and_deleted_rows_after_a_recount() throws Exception {
        Properties p = ManagementPort.enable(RelayHarness.defaults(NO_SINK));
        p.setProperty("sync.dashboard.refresh", "1s");
        try (RelayHarness relay = RelayHarness.start(p)) {
            SettledHistory.seed(p.getProperty("sync.db.url"), 10_000);
            String counted = await().atMost(Duration.ofSeconds(30)).until(() -> status(p).path("queue").path("settledCountedAt").asText(null),
                    at -> at != null);
            assertCountsMatch(p, relay);

            relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload, status, processed_at) "
                    + "SELECT 'orders', 'new-' || g, 'INSERT', '{}', 'completed', now() FROM generate_series(1, 7) g");
            assertCountsMatch(p, relay);
            assertThat(status(p).path("queue").path("settledCountedAt").asText()).as("the new rows are added, not counted again").isEqualTo(counted);

            relay.update("DELETE FROM sync_queue WHERE status = 'completed' AND processed_at < now() - interval '3 days'");
            assertCountsMatch(p, relay);
            assertThat(status(p).path("queue").path("settledCountedAt").asText()).as("a delete makes it count again").isNotEqualTo(counted);
        }
    }

    @Test
    void a_slow_database_gets_the_last_reading_not_database_unavailable() throws Exception {
        Properties p = ManagementPort.enable(RelayHarness.defaults(NO_SINK));
        p.setProperty("sync.dashboard.refresh", "1s");
        try (RelayHarness relay = RelayHarness.start(p);
             Connection blocker = DriverManager.getConnection(p.getProperty("sync.db.url"), "postgres", "")) {
            assertThat(ManagementPort.call(p, "GET", "/admin/overview", null).statusCode()).isEqualTo(200);
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE sync_control IN ACCESS EXCLUSIVE MODE"); // the overview's refresh now waits
            }
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                HttpResponse<String> r = ManagementPort.call(p, "GET", "/admin/overview", null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            });
            blocker.rollback();
        }
    }

    private record Phase(int answers, List<String> refused, long scans) {
    }

    /** n viewers polling what the dashboard polls, four times a second each, for 5 s; then the index scans it caused. */
    private static Phase viewers(Properties p, int n) throws Exception {
        String url = p.getProperty("sync.db.url");
        long before = indexScans(url);
        AtomicInteger answers = new AtomicInteger();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        try (RelayHarness relay = RelayHarness.start(p)) {
            ScheduledExecutorService viewers = Executors.newScheduledThreadPool(n);
            for (int i = 0; i < n; i++) {
                viewers.scheduleWithFixedDelay(() -> {
                    for (String path : List.of("/admin/overview", "/admin/failed?limit=100", "/admin/runs?limit=15", "/admin/throughput?minutes=60")) {
                        HttpResponse<String> r = ManagementPort.call(p, "GET", path, null);
                        answers.incrementAndGet();
                        if (r.statusCode() != 200) {
                            refused.add(path + " " + r.statusCode() + " " + r.body());
                        }
                    }
                }, 0, 250, TimeUnit.MILLISECONDS);
            }
            // the viewers poll for 5 s: the phase's length is what is measured, there is no condition to wait for
            assertThat(viewers.awaitTermination(5, TimeUnit.SECONDS)).isFalse();
            viewers.shutdown();
            assertThat(viewers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } // the relay's connections close: their statistics reach pg_stat_user_indexes
        await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ofMillis(500)).until(() -> indexScans(url) > before);
        return new Phase(answers.get(), new ArrayList<>(refused), indexScans(url) - before);
    }

    private static long indexScans(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(sum(idx_scan), 0) FROM pg_stat_user_indexes WHERE indexrelname IN "
                     + "('sync_queue_history_idx', 'sync_queue_needs_person_idx')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertCountsMatch(Properties p, RelayHarness relay) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Map<String, Long> shown = new java.util.TreeMap<>();
            status(p).path("queue").path("counts").forEach(c -> shown.merge(c.path("status").asText() + "/" + c.path("operation").asText(),
                    c.path("rows").asLong(), Long::sum));
            Map<String, Long> actual = new java.util.TreeMap<>();
            relay.query("SELECT status, operation, count(*) AS n FROM sync_queue GROUP BY status, operation")
                    .forEach(r -> actual.put(r.get("status") + "/" + r.get("operation"), ((Number) r.get("n")).longValue()));
            assertThat(shown).isEqualTo(actual);
        });
    }

    private static JsonNode status(Properties p) throws IOException {
        return JSON.readTree(ManagementPort.call(p, "GET", "/admin/status", null).body());
    }

    private static JsonNode explain(Connection c, String file, Object... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + text(file))) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return JSON.readTree(rs.getString(1)).get(0).get("Plan");
            }
        }
    }

    private static String text(String file) throws IOException {
        try (InputStream in = SqlFile.class.getClassLoader().getResourceAsStream("sql/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** "Node Type on relation" / "Node Type using index" of every node reading sync_queue. */
    private static List<String> scans(JsonNode node) {
        List<String> out = new ArrayList<>();
        if ("sync_queue".equals(node.path("Relation Name").asText())) {
            out.add(node.path("Node Type").asText() + (node.has("Index Name") ? " using " + node.path("Index Name").asText() : " on sync_queue"));
        }
        node.path("Plans").forEach(child -> out.addAll(scans(child)));
        return out;
    }
}
