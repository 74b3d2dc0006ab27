package io.bubblesync.relay;

import io.bubblesync.relay.support.Browser;
import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.PgBouncer;
import io.bubblesync.relay.support.RecordingSink;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.RelayProcess;
import io.bubblesync.relay.support.Scrape;
import io.bubblesync.relay.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay as a new user runs it (its own JVM, `run`, packaged defaults, the schema migrated at start) behind
 * Debian's PgBouncer standing in for Supabase's pooler: the session pooler (port 5432 on Supabase) and the
 * transaction pooler (port 6543). The test itself reads and writes the database directly.
 */
class PoolerDeliveryTest {
    private static final Map<PgBouncer.Mode, PgBouncer> POOLERS = new HashMap<>();

    @BeforeAll
    static void poolers() {
        for (PgBouncer.Mode mode : PgBouncer.Mode.values()) {
            POOLERS.put(mode, PgBouncer.start(mode));
        }
    }

    @AfterAll
    static void stop() {
        POOLERS.values().forEach(PgBouncer::close);
    }

    /** The packaged defaults, with the database behind the pooler, the sink, and the management port. */
    private static Map<String, String> env(String pooledUrl, String sinkUrl, String instance, Properties management) {
        Map<String, String> env = new HashMap<>();
        env.put("SYNC_DB_URL", pooledUrl);
        env.put("BUBBLE_SYNC_URL", sinkUrl);
        env.put("SERVICE_ROLE_KEY", RelayHarness.TOKEN);
        env.put("SYNC_INSTANCE_ID", instance);
        env.put("CAMEL_MANAGEMENT_PORT", management.getProperty("camel.management.port"));
        return env;
    }

    @ParameterizedTest
    @EnumSource(PgBouncer.Mode.class)
    void single_inserts_arrive_within_2_s_and_3000_rows_in_10_inserts_drain_within_30_s_each_once_without_an_error_line(
            PgBouncer.Mode mode) throws Exception {
        String direct = TestPostgres.newDatabase();
        Properties management = ManagementPort.enable(new Properties());
        boolean transaction = mode == PgBouncer.Mode.TRANSACTION;
        try (RecordingSink sink = new RecordingSink(19, 0, 0, 0, 0);
             RelayProcess relay = RelayProcess.start("pooler-" + mode.name().toLowerCase(java.util.Locale.ROOT),
                     env(POOLERS.get(mode).urlFor(direct), sink.url(), "pooled-" + mode, management))) {
            String chosen = transaction ? "polling for new rows every 1s" : "wake-up: listening on sync_queue_insert (a NOTIFY of its own came back)";
            await().atMost(Duration.ofSeconds(90)).until(() -> relay.log().contains(chosen) || !relay.isAlive());
            assertThat(relay.log()).contains(chosen).contains(transaction ? "database path: transaction pooler" : "database path: session pooler");
            await().atMost(Duration.ofSeconds(30)).until(() -> ManagementPort.call(management, "GET", "/observe/health/ready", null).statusCode() == 200);
            String ready = ManagementPort.call(management, "GET", "/observe/health/ready?exposureLevel=full", null).body();
            assertThat(ready).contains(transaction ? "\"message\":\"wake-up: poll every 1s" : "\"message\":\"wake-up: listen");
            Scrape metrics = new Scrape(ManagementPort.call(management, "GET", "/observe/metrics", null).body());
            assertThat(metrics.value("sync_wakeup_mode", Map.of("mode", transaction ? "poll" : "listen"))).isEqualTo(1);
            assertThat(metrics.value("sync_wakeup_mode", Map.of("mode", transaction ? "listen" : "poll"))).isZero();
            try (Browser browser = Browser.start()) {
                browser.open(ManagementPort.url(management, "/dashboard?refresh=1"));
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(browser.text("#wakeup"))
                        .isEqualToIgnoringCase(transaction ? "wake-up poll every 1s" : "wake-up listen"));
                assertThat(browser.consoleErrors()).isEmpty();
            }

            // the first row after start loads and compiles the delivery path (a pass took 1.5 s in a cold JVM on this
            // loaded 2-core machine): it is not what the wake-up costs, so it only has to arrive
            UUID first = insertOne(direct, "warm-up");
            await().atMost(Duration.ofSeconds(15)).until(() -> "completed".equals(status(direct, first)));
            for (int i = 1; i <= 3; i++) {
                UUID row = insertOne(direct, "single-" + i);
                long inserted = System.nanoTime();
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> "completed".equals(status(direct, row)));
                System.out.printf("%s pooler: insert -> completed in %d ms%n", mode, (System.nanoTime() - inserted) / 1_000_000);
            }

            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                update(direct, "INSERT INTO sync_queue (table_name, record_id, operation, payload) SELECT 'orders', 'r-" + i
                        + "-' || g, 'UPDATE', jsonb_build_object('seq', g) FROM generate_series(1, 300) g");
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> count(direct, "status = 'completed'") == 3004);
            System.out.printf("%s pooler: 3,000 rows (10 inserts) drained in %d ms%n", mode, (System.nanoTime() - started) / 1_000_000);

            Map<String, Long> perRow = sink.accepted().stream().collect(Collectors.groupingBy(RecordingSink.Delivery::id, Collectors.counting()));
            assertThat(perRow).hasSize(3004).allSatisfy((id, n) -> assertThat(n).as("deliveries of " + id).isEqualTo(1));
            assertThat(relay.log()).doesNotContain(" ERROR ").doesNotContain("already exists");
            relay.terminate();
        }
    }

    @Test
    void relay_killed_with_sigkill_mid_drain_behind_the_transaction_pooler_loses_no_row() throws Exception {
        String direct = TestPostgres.newDatabase();
        PgBouncer pooler = POOLERS.get(PgBouncer.Mode.TRANSACTION);
        try (RecordingSink sink = new RecordingSink(23, 0, 0, 0, 0)) {
            sink.delayMs(100); // 4 batches of 5 in flight: about 200 rows a second, so the kill lands mid-drain
            Map<String, String> doomedEnv = env(pooler.urlFor(direct), sink.url(), "doomed", ManagementPort.enable(new Properties()));
            doomedEnv.put("SYNC_LEASE", "5s");
            doomedEnv.put("SYNC_HTTP_TIMEOUT", "2s");
            doomedEnv.put("SYNC_HTTP_REDELIVERIES", "1");
            int inFlightAtKill;
            try (RelayProcess doomed = RelayProcess.start("pooler-killed", doomedEnv)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> doomed.log().contains("polling for new rows") || !doomed.isAlive());
                for (int i = 0; i < 10; i++) {
                    update(direct, "INSERT INTO sync_queue (table_name, record_id, operation, payload) SELECT 'orders', 'k-" + i
                            + "-' || g, 'UPDATE', jsonb_build_object('seq', g) FROM generate_series(1, 300) g");
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> sink.accepted().size() >= 300 || !doomed.isAlive());
                assertThat(doomed.isAlive()).as(doomed.log()).isTrue();
                doomed.kill();
                inFlightAtKill = (int) count(direct, "status = 'processing' AND claimed_by = 'doomed'");
                assertThat(doomed.log()).doesNotContain(" ERROR ");
            }
            assertThat(inFlightAtKill).as("rows the killed relay held").isPositive();
            assertThat(count(direct, "status = 'completed'")).isLessThan(3000);

            sink.delayMs(0);
            Map<String, String> survivorEnv = env(pooler.urlFor(direct), sink.url(), "survivor", ManagementPort.enable(new Properties()));
            survivorEnv.put("SYNC_LEASE", "5s");
            survivorEnv.put("SYNC_HTTP_TIMEOUT", "2s");
            survivorEnv.put("SYNC_HTTP_REDELIVERIES", "1");
            survivorEnv.put("SYNC_PROCESSOR_CRON", "* * * * * ?");
            survivorEnv.put("SYNC_RETRY_CRON", "* * * * * ?");
            survivorEnv.put("SYNC_RETRY_BACKOFF", "1s");
            try (RelayProcess survivor = RelayProcess.start("pooler-survivor", survivorEnv)) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                        .until(() -> count(direct, "status = 'completed'") == 3000 || !survivor.isAlive());
                assertThat(count(direct, "status = 'completed'")).as(survivor.log()).isEqualTo(3000);
                assertThat(survivor.log()).doesNotContain(" ERROR ");
                survivor.terminate();
            }
            Map<String, Long> perRow = sink.accepted().stream().collect(Collectors.groupingBy(RecordingSink.Delivery::id, Collectors.counting()));
            assertThat(perRow).as("every row reached the sink").hasSize(3000);
            long twice = perRow.values().stream().filter(n -> n > 1).count();
            assertThat(twice).as("only rows the killed relay held may arrive twice").isLessThanOrEqualTo(inFlightAtKill);
            assertThat(count(direct, "status = 'completed' AND retry_count = 1")).as("rows the lease brought back").isEqualTo(inFlightAtKill);
            assertThat(count(direct, "status <> 'completed'")).isZero();
        }
    }

    private static UUID insertOne(String url, String record) throws SQLException {
        UUID id = UUID.randomUUID();
        update(url, "INSERT INTO sync_queue (id, table_name, record_id, operation, payload) VALUES ('" + id + "', 'orders', '" + record
                + "', 'INSERT', '{}')");
        return id;
    }

    private static void update(String url, String sql) throws SQLException {
        withConnection(url, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return ps.executeUpdate();
            }
        });
    }

    private static String status(String url, UUID id) throws SQLException {
        return withConnection(url, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status FROM sync_queue WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private static long count(String url, String where) throws SQLException {
        return withConnection(url, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sync_queue WHERE " + where); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private static <T> T withConnection(String url, Work<T> work) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            return work.on(c);
        }
    }
}
