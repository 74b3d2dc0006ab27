package io.bubblesync.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.app.CliRun;
import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.RestartablePostgres;
import io.bubblesync.relay.support.Sink;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin API's dashboard views over plain HTTP: what they answer, what they hide, how they fail. */
class DashboardApiTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode get(Properties p, String path) throws Exception {
        HttpResponse<String> r = ManagementPort.call(p, "GET", path, null);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void views_answer_what_the_database_holds_hide_the_endpoint_secrets_and_refuse_bad_parameters() throws Exception {
        String endpoint = "http://relay:url-password@127.0.0.1:" + sink.getPort() + Sink.PATH + "?apikey=" + RelayHarness.TOKEN;
        Properties p = ManagementPort.enable(RelayHarness.defaults(endpoint));
        try (RelayHarness relay = RelayHarness.start(p)) {
            relay.update("INSERT INTO sync_queue (table_name, record_id, operation, status, created_at, processed_at) "
                    + "VALUES ('orders', 'o-1', 'INSERT', 'completed', now() - interval '3 seconds', now() - interval '1 second'), "
                    + "('orders', 'o-2', 'INSERT', 'completed', now() - interval '5 seconds', now() - interval '1 second'), "
                    + "('orders', 'o-0', 'INSERT', 'completed', now() - interval '2 hours', now() - interval '90 minutes')");
            relay.insert("orders", "o-3", "UPDATE", "{}");
            relay.update("INSERT INTO sync_queue (table_name, record_id, operation, status, failure_kind, retry_count, error_message, claimed_at, claimed_by) "
                    + "VALUES ('profiles', 'p-1', 'UPDATE', 'failed', 'permanent', 1, 'HTTP 400: bad email', now(), 'relay-x'), "
                    + "('orders', 'o-9', 'DELETE', 'failed', 'exhausted', 3, 'HTTP 503: down', now(), 'relay-x'), "
                    + "('orders', 'o-8', 'UPDATE', 'processing', NULL, 0, NULL, now(), 'relay-x')");

            JsonNode overview = get(p, "/admin/overview");
            assertThat(overview.path("target").path("name").asText()).isEqualTo("bubble_sync");
            assertThat(overview.path("target").path("url").asText()).isEqualTo("http://127.0.0.1:" + sink.getPort() + Sink.PATH);
            assertThat(overview.toString()).doesNotContain(RelayHarness.TOKEN).doesNotContain("url-password");
            assertThat(overview.path("breaker").asText()).isEqualTo("CLOSED");
            assertThat(overview.path("control").path("paused").asBoolean()).isFalse();
            assertThat(overview.path("queue").path("permanent").asLong()).isEqualTo(1);
            assertThat(overview.path("queue").path("exhausted").asLong()).isEqualTo(1);
            assertThat(overview.path("processing").get(0).path("instance").asText()).isEqualTo("relay-x");
            assertThat(overview.path("processing").get(0).path("rows").asLong()).isEqualTo(1);
            assertThat(overview.path("oldest_due_seconds").asDouble()).isGreaterThanOrEqualTo(0);

            JsonNode throughput = get(p, "/admin/throughput?minutes=5");
            assertThat(throughput.path("per_minute")).hasSize(5);
            long completed = 0;
            long failed = 0;
            for (JsonNode m : throughput.path("per_minute")) {
                completed += m.path("completed").asLong();
                failed += m.path("failed").asLong();
            }
            assertThat(completed).isEqualTo(2);
            assertThat(failed).isEqualTo(2);
            assertThat(throughput.path("latency").path("rows").asLong()).isEqualTo(2);
            assertThat(throughput.path("latency").path("p50_seconds").asDouble()).isEqualTo(3.0);
            assertThat(throughput.path("latency").path("p95_seconds").asDouble()).isCloseTo(3.9, org.assertj.core.api.Assertions.within(0.001));

            JsonNode failedRows = get(p, "/admin/failed?match=BAD%20EMAIL");
            assertThat(failedRows.path("total").asLong()).isEqualTo(1);
            assertThat(failedRows.path("rows").get(0).path("record_id").asText()).isEqualTo("p-1");
            assertThat(failedRows.path("tables").toString()).contains("\"table_name\":\"orders\"", "\"table_name\":\"profiles\"");
            assertThat(get(p, "/admin/failed?table=orders").path("rows")).extracting(r -> r.path("record_id").asText()).containsExactly("o-9");
            CliRun cli = CliRun.of(Map.of("sync.db.url", p.getProperty("sync.db.url")), "requeue", "--all", "--match", "Bad Email", "--dry-run");
            assertThat(cli.out()).contains("profiles/p-1").contains("1 row(s) would be requeued").doesNotContain("o-9");

            HttpResponse<String> bad = ManagementPort.call(p, "GET", "/admin/throughput?minutes=0", null);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).isEqualTo("{\"error\":\"minutes=0 must be a whole number from 1 to 1440\"}");
            assertThat(ManagementPort.call(p, "GET", "/admin/failed?limit=lots", null).statusCode()).isEqualTo(400);
            assertThat(ManagementPort.call(p, "GET", "/dashboard/../bubble-sync/application.properties", null).statusCode()).isEqualTo(404);
            HttpResponse<String> page = ManagementPort.call(p, "GET", "/dashboard", null);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
        }
    }

    @Test
    void views_answer_503_with_one_line_while_the_database_is_away() throws Exception {
        try (RestartablePostgres pg = new RestartablePostgres()) {
            Properties p = ManagementPort.enable(RelayHarness.defaults(Sink.url(sink)));
            p.setProperty("sync.db.url", pg.jdbcUrl());
            try (RelayHarness relay = RelayHarness.start(p)) {
                assertThat(ManagementPort.call(p, "GET", "/admin/overview", null).statusCode()).isEqualTo(200);
                pg.stop();
                // every view answers through AdminAccess: 503 at once once the background reading has seen the database go
                HttpResponse<String> down = await().atMost(Duration.ofSeconds(40))
                        .until(() -> ManagementPort.call(p, "GET", "/admin/overview", null), r -> r.statusCode() == 503);
                assertThat(down.body()).startsWith("{\"error\":\"database unavailable: ").doesNotContain("\n");
                pg.startAgain();
                await().atMost(Duration.ofSeconds(30)).until(() -> ManagementPort.call(p, "GET", "/admin/overview", null).statusCode() == 200);
            }
        }
    }
}
