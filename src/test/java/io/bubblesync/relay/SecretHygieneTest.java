package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.support.CapturedLogs;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class SecretHygieneTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    @Test
    void service_key_never_reaches_logs_rows_metrics_or_status_even_when_the_endpoint_echoes_it() throws Exception {
        String echo = "{\"error\":\"rejected Authorization: Bearer " + RelayHarness.TOKEN + "\"}";
        sink.stubFor(post(urlEqualTo(Sink.PATH)).atPriority(1).withRequestBody(containing("\"record_id\":\"down\""))
                .willReturn(aResponse().withStatus(503).withBody(echo)));
        sink.stubFor(post(urlEqualTo(Sink.PATH)).atPriority(2).withRequestBody(containing("\"record_id\":\"bad\""))
                .willReturn(aResponse().withStatus(400).withBody(echo)));
        sink.stubFor(post(urlEqualTo(Sink.PATH)).atPriority(5).willReturn(okJson(
                "{\"results\":[{\"id\":\"x\",\"status\":\"failed\",\"error\":\"key " + RelayHarness.TOKEN + "\"}]}")));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.batch.size", "1");
        p.setProperty("sync.db.password", "db-secret-password");

        String logs;
        try (CapturedLogs captured = new CapturedLogs(); RelayHarness relay = RelayHarness.start(p)) {
            UUID down = relay.insert("t", "down", "INSERT", "{}");
            UUID bad = relay.insert("t", "bad", "INSERT", "{}");
            relay.insert("t", "fine", "INSERT", "{}");
            relay.pass("processor");
            relay.update("UPDATE sync_queue SET next_retry_at = now() WHERE status = 'failed'");
            relay.pass("retry");

            assertThat(relay.row(down)).containsEntry("status", "failed");
            assertThat(relay.row(bad)).containsEntry("failure_kind", "permanent");
            assertThat((String) relay.row(down).get("error_message")).contains("***");
            String everything = relay.query("SELECT string_agg(to_jsonb(q)::text, ' ') AS all FROM sync_queue q").get(0).get("all").toString();
            assertThat(everything).doesNotContain(RelayHarness.TOKEN).doesNotContain("db-secret-password");
            String metrics = relay.context().getRegistry()
                    .lookupByNameAndType("metricsRegistry", io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class).scrape();
            assertThat(metrics).contains("sync_items_settled_total").doesNotContain(RelayHarness.TOKEN);
            String status = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    io.bubblesync.relay.db.QueueStatus.read(relay.dataSource()));
            assertThat(status).contains("HTTP 503").doesNotContain(RelayHarness.TOKEN);
            logs = captured.text();
        }
        assertThat(logs).contains("HTTP 503").doesNotContain(RelayHarness.TOKEN).doesNotContain("db-secret-password");
    }
}
