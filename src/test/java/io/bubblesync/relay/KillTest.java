package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.RelayProcess;
import io.bubblesync.relay.support.Sink;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KillTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    @Test
    void sigterm_stops_a_relay_process_gracefully_and_leaves_nothing_processing() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}").withFixedDelay(200)));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        try (RelayHarness db = RelayHarness.start(p)) {
            db.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) "
                    + "SELECT 'orders', 'r-' || g, 'UPDATE', '{}' FROM generate_series(1, 400) g");
            try (RelayProcess relay = RelayProcess.start("stopped-with-sigterm", Map.of(
                    "SYNC_DB_URL", p.getProperty("sync.db.url"),
                    "BUBBLE_SYNC_URL", Sink.url(sink),
                    "SERVICE_ROLE_KEY", RelayHarness.TOKEN,
                    "SYNC_INSTANCE_ID", "terminated",
                    "SYNC_CLAIM_LIMIT", "100",
                    "SYNC_PROCESSOR_CRON", "* * * * * ?",
                    "CAMEL_MANAGEMENT_ENABLED", "false"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> sink.getAllServeEvents().size() >= 3 || !relay.isAlive());
                assertThat(relay.isAlive()).as(relay.log()).isTrue();

                relay.terminate();

                assertThat(relay.log()).contains("handed back");
            }
            assertThat(db.count("status = 'processing'")).isZero();
            assertThat(db.count("status = 'pending' AND retry_count = 0") + db.count("status = 'completed'")).isEqualTo(400);
            assertThat(db.count("status = 'completed'")).isBetween(15L, 399L);
        }
    }

    @Test
    void relay_killed_with_sigkill_mid_delivery_is_taken_over_by_another_after_the_lease() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}").withFixedDelay(1_500)));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.lease", "3s");
        p.setProperty("sync.http.timeout", "2s");
        p.setProperty("sync.http.redeliveries", "0");
        try (RelayHarness survivor = RelayHarness.start(p)) {
            UUID row = survivor.insert("orders", "o-1", "INSERT", "{}");
            try (RelayProcess doomed = RelayProcess.start("killed-mid-delivery", Map.of(
                    "SYNC_DB_URL", p.getProperty("sync.db.url"),
                    "BUBBLE_SYNC_URL", Sink.url(sink),
                    "SERVICE_ROLE_KEY", RelayHarness.TOKEN,
                    "SYNC_INSTANCE_ID", "doomed",
                    "SYNC_PROCESSOR_CRON", "* * * * * ?",
                    "SYNC_HTTP_TIMEOUT", "2s",
                    "SYNC_HTTP_REDELIVERIES", "0",
                    "SYNC_LEASE", "3s",
                    "CAMEL_MANAGEMENT_ENABLED", "false"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> !sink.getAllServeEvents().isEmpty() || !doomed.isAlive());
                assertThat(doomed.isAlive()).as(doomed.log()).isTrue();
                doomed.kill();
            }
            assertThat(survivor.row(row)).containsEntry("status", "processing").containsEntry("claimed_by", "doomed");

            await().atMost(Duration.ofSeconds(10)).until(() -> survivor.pass("processor").rescued() == 1);
            survivor.pass("retry");

            assertThat(survivor.row(row)).containsEntry("status", "completed").containsEntry("retry_count", 1);
            assertThat(survivor.count("status = 'processing'")).isZero();
            assertThat(sink.getAllServeEvents()).hasSize(2);
        }
    }
}
