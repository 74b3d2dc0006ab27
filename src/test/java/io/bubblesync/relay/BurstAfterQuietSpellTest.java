package io.bubblesync.relay;

import ch.qos.logback.classic.Level;
import io.bubblesync.relay.support.CapturedLogs;
import io.bubblesync.relay.support.RelayHarness;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running relay keeps PostgreSQL's statistics of sync_queue current: statistics taken while the queue was empty
 * (autovacuum after a drain) are refreshed once a burst the planner does not know of is waiting
 * (sync.db.analyze-open-rows), so claims walk the due rows' index (db.EmptyQueueStatisticsTest shows the plans).
 */
class BurstAfterQuietSpellTest {
    private static final String NO_SINK = "http://127.0.0.1:9/functions/v1/bubble_sync";

    @Test
    void a_running_relay_refreshes_statistics_taken_of_an_empty_queue_when_a_burst_arrives() {
        Properties p = RelayHarness.defaults(NO_SINK);
        p.setProperty("sync.health.sample-interval", "500ms");
        p.setProperty("sync.db.analyze-open-rows", "5000");
        try (RelayHarness relay = RelayHarness.start(p)) {
            relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload, status, processed_at) "
                    + "SELECT 'orders', 'done-' || g, 'UPDATE', '{}', 'completed', now() FROM generate_series(1, 20000) g");
            relay.update("VACUUM ANALYZE sync_queue");
            assertThat(believedOpenRows(relay)).as("statistics of an empty queue").isZero();

            relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) "
                    + "SELECT 'orders', 'burst-' || g, 'UPDATE', '{}' FROM generate_series(1, 8000) g");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(believedOpenRows(relay)).isBetween(6000.0, 10000.0));
        }
    }

    @Test
    void a_burst_below_the_threshold_leaves_the_statistics_to_autovacuum() {
        Properties p = RelayHarness.defaults(NO_SINK);
        p.setProperty("sync.health.sample-interval", "500ms");
        p.setProperty("sync.db.analyze-open-rows", "5000");
        try (RelayHarness relay = RelayHarness.start(p); CapturedLogs logs = new CapturedLogs()) {
            relay.update("VACUUM ANALYZE sync_queue");
            relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) "
                    + "SELECT 'orders', 'burst-' || g, 'UPDATE', '{}' FROM generate_series(1, 3000) g");
            // six readings or so: none of them analyzes (PostgreSQL's own counters would also count autovacuum's)
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> logs.relayAtLeast(Level.INFO).stream().noneMatch(l -> l.contains("analyzed it")));
        }
    }

    private static double believedOpenRows(RelayHarness relay) {
        return ((Number) relay.query("SELECT reltuples FROM pg_class WHERE relname = 'sync_queue_open_record_idx'").get(0).get("reltuples"))
                .doubleValue();
    }
}
