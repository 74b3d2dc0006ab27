package io.bubblesync.relay.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.bubblesync.relay.support.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ch.qos.logback.classic.Level;
import io.bubblesync.relay.ops.QueueStatistics;
import io.bubblesync.relay.support.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue's statistics are usually taken while it is empty: autovacuum runs after a drain, when every row is settled,
 * and records the partial indexes of open rows (due pending, open rows of a record, …) as holding no rows though they
 * keep their pages. A burst that follows is smaller than autovacuum's thresholds (10 % of a long history), so the
 * planner keeps believing those indexes empty. The benchmark met it: after a drain of 1,000,000 rows a claim of 200
 * read the whole open-rows index for every candidate and took 20 s on average, not 2 ms.
 * <p>
 * Here: 20,000 rows drained and vacuumed (the indexes recorded empty), then a backlog of 20,000 pending rows and
 * 2,000 due retries the statistics do not know about. Until the statistics are refreshed a claim may read the backlog
 * once, never once per candidate; the relay then refreshes them ({@link QueueStatistics}) and every claim and reading
 * touches pages in proportion to what it returns. Evidence is the plan and PostgreSQL's buffer counts, not a stopwatch.
 */
class EmptyQueueStatisticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAMED = Pattern.compile(":#(\\w+)");
    private static final int BACKLOG = 20_000;
    private static final int DUE_RETRIES = 2_000;
    private static final Map<String, Object> CLAIM = Map.of("instance", "relay-1", "operations", "INSERT,UPDATE,DELETE,SIGNUP_ATOMIC",
            "knownOperations", "INSERT,UPDATE,DELETE,SIGNUP_ATOMIC", "held", "", "limit", "200");
    private HikariDataSource ds;

    @BeforeEach
    void statisticsOfAnEmptyQueueThenABacklog() throws Exception {
        ds = new HikariDataSource();
        ds.setJdbcUrl(TestPostgres.newDatabase());
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(2);
        Schema.migrate(ds);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET synchronous_commit = on");
            st.execute(insertPending("drained", BACKLOG));
            st.execute("UPDATE sync_queue SET status = 'completed', processed_at = now(), claimed_at = now()");
            st.execute("VACUUM ANALYZE sync_queue");
            st.execute(insertPending("burst", BACKLOG));
            st.execute("INSERT INTO sync_queue (table_name, record_id, operation, payload, status, retry_count, failure_kind, next_retry_at) "
                    + "SELECT 'retries', 'R-' || g, 'UPDATE', '{}', 'failed', 1, 'transient', now() - interval '1 minute' "
                    + "FROM generate_series(1, " + DUE_RETRIES + ") g");
            st.execute("CREATE TABLE listing (id bigint PRIMARY KEY, bubble_id text, updated_at timestamptz DEFAULT now())");
            st.execute("INSERT INTO listing (id) SELECT g FROM generate_series(1, 1000) g");
            st.execute("INSERT INTO sync_bulk_run (run_id, kind, table_name, status) VALUES (1, 'backfill', 'listing', 'running')");
        }
        assertThat(believedOpenRows()).as("the open-rows index recorded as empty").isZero();
    }

    @AfterEach
    void close() {
        ds.close();
    }

    private static String insertPending(String table, int rows) {
        return "INSERT INTO sync_queue (table_name, record_id, operation, payload, created_at) SELECT '" + table + "', g::text, "
                + "'UPDATE', '{}', now() - interval '1 hour' + g * interval '1 ms' FROM generate_series(1, " + rows + ") g";
    }

    @Test
    void before_the_statistics_are_refreshed_a_claim_reads_the_backlog_at_most_once_not_once_per_candidate() throws Exception {
        // without a lookup per candidate (OFFSET 0 in the claims) claim-pending read 90,107,938 pages here
        assertTouches("claim-pending.sql", CLAIM, 200, BACKLOG * 5L);
        assertTouches("claim-retry.sql", CLAIM, 200, BACKLOG * 5L);
        assertTouches("backfill-chunk.sql", backfillChunk(), java.util.Arrays.asList(null, 500, false, null, "burst", 1), 500, BACKLOG * 5L);
        assertTouches("reconcile-enqueue.sql", reconcileEnqueue(), reconcileArgs(), 500, BACKLOG * 5L);
    }

    @Test
    void the_relay_refreshes_statistics_taken_of_an_empty_queue_and_claims_then_walk_a_few_entries() throws Exception {
        QueueStatistics statistics = new QueueStatistics(ds, 5000);
        try (CapturedLogs logs = new CapturedLogs()) {
            statistics.afterReading(BACKLOG + DUE_RETRIES);
            statistics.afterReading(BACKLOG + DUE_RETRIES);
            assertThat(statistics.analyzed()).as("analyzed once; the next reading finds the statistics right").isEqualTo(1);
            assertThat(believedOpenRows()).isBetween(BACKLOG * 0.8, BACKLOG * 1.3);
            assertThat(logs.relayAtLeast(Level.INFO)).anyMatch(l -> l.contains("knew of 0 open rows, 22000 are open: analyzed it"));
        }
        assertTouches("claim-pending.sql", CLAIM, 200, 200 * 40L);
        // the retry claim may read its 2,000 due retries once and sort them (the planner's choice with 2,000 due): still
        // nothing of the 20,000 pending rows
        assertTouches("claim-retry.sql", CLAIM, 200, DUE_RETRIES * 4L + 200 * 20L);
        assertTouches("backfill-chunk.sql", backfillChunk(), java.util.Arrays.asList(null, 500, false, null, "burst", 1), 500, 500 * 40L);
        assertTouches("reconcile-enqueue.sql", reconcileEnqueue(), reconcileArgs(), 500, 500 * 40L);
        long counting = pages(explain("SELECT count(*) FROM sync_queue WHERE status = 'pending'", List.of()));
        JsonNode watch = explain(text("queue-watch.sql"), List.of());
        assertThat(pages(watch)).as("the queue reading reads the backlog once, to count it (%d pages)\n%s", counting, watch.toPrettyString())
                .isLessThan(counting * 2 + 200);
    }

    @Test
    void a_backlog_the_statistics_know_of_or_a_small_one_is_left_alone() throws Exception {
        QueueStatistics statistics = new QueueStatistics(ds, 5000);
        statistics.afterReading(4000);
        assertThat(statistics.analyzed()).as("fewer open rows than the threshold").isZero();
        new QueueStatistics(ds, 0).afterReading(BACKLOG);
        assertThat(believedOpenRows()).as("0: never").isZero();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("ANALYZE sync_queue");
        }
        statistics.afterReading(BACKLOG + DUE_RETRIES);
        assertThat(statistics.analyzed()).as("the statistics already know of the backlog").isZero();
    }

    @Test
    void a_role_that_does_not_own_the_queue_is_told_once_what_to_do_instead() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'relay_not_owner') THEN "
                    + "CREATE ROLE relay_not_owner LOGIN; END IF; END $$");
            st.execute("GRANT SELECT ON sync_queue TO relay_not_owner");
        }
        try (HikariDataSource notOwner = new HikariDataSource(); CapturedLogs logs = new CapturedLogs()) {
            notOwner.setJdbcUrl(ds.getJdbcUrl());
            notOwner.setUsername("relay_not_owner");
            notOwner.setMaximumPoolSize(1);
            QueueStatistics statistics = new QueueStatistics(notOwner, 5000);
            statistics.afterReading(BACKLOG + DUE_RETRIES);
            statistics.afterReading(BACKLOG + DUE_RETRIES);
            assertThat(statistics.analyzed()).isZero();
            assertThat(logs.relayAtLeast(Level.WARN)).as("one warning, then quiet for a while")
                    .filteredOn(l -> l.contains("ANALYZE sync_queue left them unchanged")).hasSize(1)
                    .allMatch(l -> l.contains("autovacuum_analyze_scale_factor = 0"));
        }
        assertThat(believedOpenRows()).isZero();
    }

    private String backfillChunk() throws IOException {
        return withListing(text("backfill-chunk.sql"));
    }

    private String reconcileEnqueue() throws IOException {
        return withListing(text("reconcile-enqueue.sql"));
    }

    /** The statement on source table listing (key id, Bubble id bubble_id), as ResyncTable would name them. */
    private static String withListing(String sql) {
        String chunk = sql;
        for (Map.Entry<String, String> id : Map.of("table", "listing", "key", "id", "key_type", "bigint", "id", "bubble_id",
                "changed", "s.updated_at").entrySet()) {
            chunk = chunk.replace("{" + id.getKey() + "}", id.getValue());
        }
        return chunk;
    }

    /** INSERTs of records 1 … 500 queued as table burst: each has an open row there, so each is looked up and none is enqueued. */
    private static List<Object> reconcileArgs() {
        return java.util.Arrays.asList("burst", 1, "bubble_id", strings(500, "%d"), strings(500, "INSERT"), new String[500]);
    }

    private double believedOpenRows() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT reltuples FROM pg_class WHERE relname = 'sync_queue_open_record_idx'")) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private void assertTouches(String file, Map<String, Object> named, int rows, long most) throws Exception {
        List<Object> params = new ArrayList<>();
        Matcher m = NAMED.matcher(text(file));
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            params.add(named.get(m.group(1)));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        assertTouches(file, sql.toString(), params, rows, most);
    }

    private void assertTouches(String file, String sql, List<Object> params, int rows, long most) throws Exception {
        JsonNode plan = explain(sql, params);
        System.out.printf("%s, backlog %,d, open rows believed %,.0f: %,d pages for %d rows%n", file, BACKLOG, believedOpenRows(), pages(plan), rows);
        assertThat(pages(plan)).as("%s: pages touched for %d rows with a backlog of %d\n%s", file, rows, BACKLOG, plan.toPrettyString())
                .isLessThan(most);
    }

    private static long pages(JsonNode plan) {
        return plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
    }

    private JsonNode explain(String sql, List<Object> params) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL statement_timeout = '30s'"); // a statement that reads the backlog per row fails here, not at the test's timeout
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return JSON.readTree(rs.getString(1)).get(0).get("Plan");
                }
            } finally {
                c.rollback(); // a claim, a chunk or an enqueue measured, not kept
            }
        }
    }

    private static String[] strings(int n, String format) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = String.format(format, i + 1);
        }
        return out;
    }

    private static String text(String file) throws IOException {
        try (InputStream in = SqlFile.class.getClassLoader().getResourceAsStream("sql/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
