package io.bubblesync.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    private RelayHarness relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    private RelayHarness relay() {
        relay = RelayHarness.start(settings(RelayHarness.defaults(Sink.url(sink))));
        return relay;
    }

    /** The relay's settings; JavaDslDeliveryTest runs every case again with the Java DSL routes. */
    Properties settings(Properties defaults) {
        return defaults;
    }

    @Test
    void happy_path_delivers_every_row_in_batches_of_five_with_bearer_token() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{\"ok\":true}")));
        relay();
        String[] ops = {"INSERT", "UPDATE", "DELETE", "SIGNUP_ATOMIC"};
        for (int i = 0; i < 23; i++) {
            relay.insert(i % 2 == 0 ? "profiles" : "orders", "rec-" + i, ops[i % 4], "{\"n\":" + i + "}");
        }

        PassTally tally = relay.pass("processor");

        assertThat(tally.claimed()).isEqualTo(23);
        assertThat(tally.completed()).isEqualTo(23);
        assertThat(relay.count("status = 'completed' AND processed_at IS NOT NULL AND bubble_response IS NOT NULL")).isEqualTo(23);
        List<ServeEvent> requests = Sink.requests(sink);
        assertThat(requests).hasSize(5);
        List<String> delivered = new ArrayList<>();
        for (ServeEvent e : requests) {
            assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + RelayHarness.TOKEN);
            assertThat(e.getRequest().getHeader("Content-Type")).startsWith("application/json");
            assertThat(e.getRequest().getHeader("Idempotency-Key")).isNotBlank();
            JsonNode body = Sink.body(e);
            assertThat(body.path("action").asText()).isEqualTo("sync_batch");
            assertThat(body.path("payload").path("source").asText()).isEqualTo("processor");
            assertThat(body.path("payload").path("batch_id").asText()).isNotBlank();
            List<JsonNode> items = Sink.items(e);
            assertThat(items).hasSizeLessThanOrEqualTo(5);
            for (JsonNode item : items) {
                assertThat(item.path("attempt").asInt()).isEqualTo(1);
                assertThat(item.path("idempotency_key").asText()).isEqualTo(item.path("id").asText());
                assertThat(item.path("payload").isObject()).isTrue();
                delivered.add(item.path("id").asText());
            }
        }
        assertThat(delivered).doesNotHaveDuplicates().hasSize(23);
    }

    @Test
    void per_item_results_settle_each_row_by_its_own_result() {
        relay();
        UUID ok = relay.insert("profiles", "a", "INSERT", "{}");
        UUID skip = relay.insert("profiles", "b", "UPDATE", "{}");
        UUID bad = relay.insert("profiles", "c", "UPDATE", "{}");
        UUID flaky = relay.insert("profiles", "d", "UPDATE", "{}");
        UUID unlisted = relay.insert("profiles", "e", "DELETE", "{}");
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("""
                {"results":[
                  {"id":"%s","status":"completed","response":{"bubble_id":"b-1"}},
                  {"id":"%s","status":"skipped","response":{"reason":"no change"}},
                  {"id":"%s","status":"failed","error":"field 'email' is invalid","retryable":false},
                  {"id":"%s","status":"failed","error":"bubble busy","retryable":true}]}
                """.formatted(ok, skip, bad, flaky))));

        PassTally tally = relay.pass("processor");

        assertThat(relay.row(ok)).containsEntry("status", "completed");
        assertThat(relay.row(ok).get("bubble_response").toString()).contains("b-1");
        assertThat(relay.row(skip)).containsEntry("status", "skipped");
        assertThat(relay.row(bad)).containsEntry("status", "failed").containsEntry("failure_kind", "permanent");
        assertThat(relay.row(bad).get("next_retry_at")).isNull();
        assertThat((String) relay.row(bad).get("error_message")).contains("field 'email' is invalid");
        assertThat(relay.row(flaky)).containsEntry("status", "failed").containsEntry("failure_kind", "transient").containsEntry("retry_count", 1);
        assertThat(relay.row(flaky).get("next_retry_at")).isNotNull();
        assertThat(relay.row(unlisted)).containsEntry("status", "completed");
        assertThat(tally.completed()).isEqualTo(2);
        assertThat(tally.skipped()).isEqualTo(1);
        assertThat(tally.failedPermanent()).isEqualTo(1);
        assertThat(tally.failedRetryable()).isEqualTo(1);
    }

    @Test
    void transient_failure_schedules_retry_with_backoff_then_retry_pass_delivers() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).inScenario("outage").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"edge function cold\"}")));
        relay();
        UUID id = relay.insert("orders", "o-1", "INSERT", "{\"total\":5}");

        relay.pass("processor");

        Map<String, Object> failed = relay.row(id);
        assertThat(failed).containsEntry("status", "failed").containsEntry("retry_count", 1).containsEntry("failure_kind", "transient");
        assertThat(((Number) failed.get("due_in_s")).doubleValue()).isBetween(1.0, 2.0);
        assertThat((String) failed.get("error_message")).contains("503").contains("edge function cold");
        assertThat(failed.get("error_details").toString()).contains("\"http_status\": 503");
        assertThat(Sink.requests(sink)).hasSize(3); // first try + 2 in-process redeliveries

        assertThat(relay.pass("retry").claimed()).as("not due before its backoff").isZero();
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.pass("retry").completed() == 1);

        Map<String, Object> done = relay.row(id);
        assertThat(done).containsEntry("status", "completed").containsEntry("retry_count", 1);
        assertThat(done.get("error_message")).isNull();
        List<ServeEvent> requests = Sink.requests(sink);
        JsonNode last = Sink.items(requests.get(requests.size() - 1)).get(0);
        assertThat(last.path("attempt").asInt()).isEqualTo(2);
        assertThat(Sink.body(requests.get(requests.size() - 1)).path("payload").path("source").asText()).isEqualTo("retry");
        assertThat(requests.get(requests.size() - 1).getRequest().getHeader("Idempotency-Key"))
                .isEqualTo(requests.get(0).getRequest().getHeader("Idempotency-Key"));
    }

    @Test
    void row_is_exhausted_after_max_retries_and_never_claimed_again() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(aResponse().withStatus(500)));
        relay();
        UUID id = relay.insert("orders", "o-2", "UPDATE", "{}", 2);

        relay.pass("processor");
        relay.update("UPDATE sync_queue SET next_retry_at = now() WHERE id = ?", id);
        PassTally retry = relay.pass("retry");

        Map<String, Object> row = relay.row(id);
        assertThat(row).containsEntry("status", "failed").containsEntry("retry_count", 2).containsEntry("failure_kind", "exhausted");
        assertThat(row.get("next_retry_at")).isNull();
        assertThat(retry.exhausted()).isEqualTo(1);
        assertThat(relay.pass("retry").claimed()).isZero();
    }

    @Test
    void rejected_batch_is_resent_row_by_row_and_only_the_bad_row_fails_permanently() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).atPriority(1).withRequestBody(containing("\"record_id\":\"bad\""))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"payload.email missing\"}")));
        sink.stubFor(post(urlEqualTo(Sink.PATH)).atPriority(5).willReturn(okJson("{}")));
        relay();
        List<UUID> good = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            good.add(relay.insert("profiles", "good-" + i, "UPDATE", "{}"));
        }
        UUID bad = relay.insert("profiles", "bad", "UPDATE", "{}");

        relay.pass("processor");

        for (UUID g : good) {
            assertThat(relay.row(g)).containsEntry("status", "completed");
        }
        Map<String, Object> row = relay.row(bad);
        assertThat(row).containsEntry("status", "failed").containsEntry("failure_kind", "permanent");
        assertThat(row.get("next_retry_at")).isNull();
        assertThat((String) row.get("error_message")).contains("400").contains("payload.email missing");
        assertThat(Sink.requests(sink)).hasSize(1 + 5); // the batch, then each row alone once
        assertThat(relay.pass("retry").claimed()).isZero();
    }

    @Test
    void retry_after_longer_than_backoff_is_honoured_without_quick_redeliveries() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        relay();
        UUID id = relay.insert("orders", "o-3", "INSERT", "{}");

        relay.pass("processor");

        Map<String, Object> row = relay.row(id);
        assertThat(row).containsEntry("status", "failed").containsEntry("failure_kind", "transient");
        assertThat(((Number) row.get("due_in_s")).doubleValue()).isBetween(118.0, 120.0);
        assertThat(row.get("error_details").toString()).contains("\"retry_after_s\": 120");
        assertThat(Sink.requests(sink)).hasSize(1);
    }

    @Test
    void endpoint_slower_than_http_timeout_counts_as_transient_failure() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}").withFixedDelay(2_500)));
        relay();
        UUID id = relay.insert("orders", "o-4", "INSERT", "{}");

        long started = System.nanoTime();
        relay.pass("processor");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        Map<String, Object> row = relay.row(id);
        assertThat(row).containsEntry("status", "failed").containsEntry("failure_kind", "transient");
        assertThat((String) row.get("error_message")).contains("timeout");
        assertThat(tookMs).as("3 calls cut at the 1 s timeout, not at the 2.5 s answer").isLessThan(7_000);
    }

    @Test
    void update_waits_for_its_failed_insert_and_is_delivered_after_it() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).inScenario("order").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503)));
        relay();
        UUID insert = relay.insert("profiles", "p-1", "INSERT", "{\"v\":1}");
        relay.pass("processor");
        assertThat(relay.row(insert)).containsEntry("status", "failed");
        UUID update = relay.insert("profiles", "p-1", "UPDATE", "{\"v\":2}");
        UUID other = relay.insert("profiles", "p-2", "UPDATE", "{}");
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));

        PassTally blocked = relay.pass("processor");

        assertThat(blocked.claimed()).as("only the other record's row").isEqualTo(1);
        assertThat(relay.row(other)).containsEntry("status", "completed");
        assertThat(relay.row(update)).containsEntry("status", "pending");

        relay.update("UPDATE sync_queue SET next_retry_at = now() WHERE id = ?", insert);
        relay.pass("processor");
        assertThat(relay.row(update)).as("still behind its INSERT").containsEntry("status", "pending");
        relay.pass("retry");
        relay.pass("processor");

        assertThat(relay.row(insert)).containsEntry("status", "completed");
        assertThat(relay.row(update)).containsEntry("status", "completed");
        List<String> p1Order = new ArrayList<>();
        for (ServeEvent e : Sink.requests(sink)) {
            if (e.getResponse().getStatus() == 200) {
                Sink.items(e).stream().filter(i -> i.path("record_id").asText().equals("p-1"))
                        .forEach(i -> p1Order.add(i.path("operation").asText()));
            }
        }
        assertThat(p1Order).containsExactly("INSERT", "UPDATE");
    }
}
