package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.SettingsSource;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LeaseAndStopTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    @Test
    void row_left_processing_past_its_lease_is_rescued_as_an_attempt_and_redelivered_with_the_same_key() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.lease", "3s");
        try (RelayHarness relay = RelayHarness.start(p)) {
            UUID stuck = relay.insert("orders", "o-1", "UPDATE", "{}");
            relay.update("UPDATE sync_queue SET idempotency_key = 'key-o-1', status = 'processing', claimed_by = 'dead-relay', "
                    + "claimed_from = 'pending', claimed_at = now() - interval '10 seconds' WHERE id = ?", stuck);
            UUID fresh = relay.insert("orders", "o-2", "UPDATE", "{}");
            relay.update("UPDATE sync_queue SET status = 'processing', claimed_by = 'busy-relay', claimed_at = now() WHERE id = ?", fresh);

            assertThat(relay.pass("processor").rescued()).isEqualTo(1);
            Map<String, Object> rescued = relay.row(stuck);
            assertThat(rescued).containsEntry("status", "failed").containsEntry("retry_count", 1).containsEntry("failure_kind", "transient");
            assertThat((String) rescued.get("error_message")).contains("lease expired").contains("dead-relay");
            assertThat(relay.row(fresh)).as("within its lease").containsEntry("status", "processing");
            assertThat(relay.query("SELECT job, claimed FROM sync_run WHERE job = 'rescue'")).containsExactly(Map.of("job", "rescue", "claimed", 1));

            assertThat(relay.pass("retry").completed()).isEqualTo(1);
            var item = Sink.items(Sink.requests(sink).get(0)).get(0);
            assertThat(item.path("idempotency_key").asText()).isEqualTo("key-o-1");
            assertThat(item.path("attempt").asInt()).isEqualTo(2);
        }
    }

    @Test
    void settle_failing_after_a_delivered_batch_leaves_rows_processing_and_the_lease_redelivers_them_with_the_same_key() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.lease", "3s");
        try (RelayHarness relay = RelayHarness.start(p)) {
            UUID row = relay.insert("orders", "o-9", "UPDATE", "{}");
            relay.update("CREATE FUNCTION refuse_settle() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'settle refused by the test'; END $$");
            relay.update("CREATE TRIGGER refuse_settle BEFORE UPDATE ON sync_queue FOR EACH ROW "
                    + "WHEN (NEW.status = 'completed') EXECUTE FUNCTION refuse_settle()");

            assertThat(relay.pass("processor").unsettled()).isEqualTo(1);
            assertThat(relay.row(row)).containsEntry("status", "processing");
            relay.update("DROP TRIGGER refuse_settle ON sync_queue");

            await().atMost(Duration.ofSeconds(10)).until(() -> relay.pass("processor").rescued() == 1);
            relay.pass("retry");

            assertThat(relay.row(row)).containsEntry("status", "completed").containsEntry("retry_count", 1);
            var requests = Sink.requests(sink);
            assertThat(requests).hasSize(2);
            assertThat(Sink.items(requests.get(1)).get(0).path("idempotency_key").asText())
                    .isEqualTo(Sink.items(requests.get(0)).get(0).path("idempotency_key").asText());
        }
    }

    @Test
    void lease_shorter_than_the_longest_delivery_is_refused() {
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.http.timeout", "30s");
        p.setProperty("sync.http.redeliveries", "2");
        p.setProperty("sync.lease", "60s");

        assertThatThrownBy(() -> RelaySettings.from(SettingsSource.load(null, Map.of(), p)))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("sync.lease=60s is shorter than").hasMessageContaining("90s");
    }

    @Test
    void graceful_stop_mid_drain_hands_back_unsent_rows_and_leaves_nothing_processing() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}").withFixedDelay(150)));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.claim.limit", "40");
        RelayHarness relay = RelayHarness.start(p);
        for (int i = 0; i < 120; i++) {
            relay.insert("profiles", "r-" + i, "UPDATE", "{}");
        }
        CompletableFuture<?> draining = CompletableFuture.runAsync(() -> relay.pass("processor"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.getAllServeEvents().size() >= 2);

        relay.close();
        draining.exceptionally(e -> null).join();

        try (RelayHarness after = RelayHarness.reopen(relay)) {
            assertThat(after.count("status = 'processing'")).isZero();
            long completed = after.count("status = 'completed'");
            assertThat(completed).isBetween(2L, 119L);
            assertThat(after.count("status = 'pending' AND retry_count = 0 AND claimed_by IS NULL")).isEqualTo(120 - completed);
            List<Map<String, Object>> odd = after.query("SELECT id FROM sync_queue WHERE status NOT IN ('pending', 'completed')");
            assertThat(odd).isEmpty();
        }
    }
}
