package io.bubblesync.relay;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.support.CapturedLogs;
import io.bubblesync.relay.support.DeployedFunction;
import io.bubblesync.relay.support.RelayHarness;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** sync.target=bubble_sync pointed at the deployed function, which does not know sync_batch: no row may burn. */
class SyncBatchGuardTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Properties managed() throws Exception {
        Properties p = RelayHarness.defaults("http://127.0.0.1:9/not-yet");
        p.setProperty("sync.breaker.open-for", "1s");
        try (ServerSocket s = new ServerSocket(0)) {
            p.setProperty("camel.management.enabled", "true");
            p.setProperty("camel.management.port", Integer.toString(s.getLocalPort()));
        }
        return p;
    }

    private static HttpResponse<String> ready(Properties p) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.getProperty("camel.management.port")
                + "/observe/health/ready?exposureLevel=full")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String snapshot(RelayHarness relay) {
        return relay.query("SELECT string_agg(concat_ws('|', id, status, retry_count, next_retry_at, error_message, failure_kind, claimed_by), ',' ORDER BY id) AS s FROM sync_queue")
                .get(0).get("s").toString();
    }

    @Test
    void unknown_action_answers_change_no_row_turn_readiness_down_with_one_line_and_rows_flow_once_the_endpoint_is_fixed() throws Exception {
        Properties p = managed();
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            try (RelayHarness relay = RelayHarness.start(p); CapturedLogs logs = new CapturedLogs()) {
                for (int i = 0; i < 12; i++) {
                    relay.insert("orders", "o-" + i, "UPDATE", "{\"n\":" + i + "}");
                }
                UUID retrying = relay.insert("profiles", "p-1", "UPDATE", "{}");
                relay.update("UPDATE sync_queue SET status = 'failed', retry_count = 1, next_retry_at = now() - interval '1 second', "
                        + "failure_kind = 'transient', error_message = 'HTTP 503' WHERE id = ?", retrying);
                String before = snapshot(relay);

                PassTally first = relay.pass("processor");
                relay.pass("retry");
                await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(10))
                        .until(() -> relay.pass("processor").handedBack() > 0); // a re-probe after sync.breaker.open-for, refused again

                assertThat(first.handedBack()).isPositive();
                assertThat(first.completed() + first.failedRetryable() + first.failedPermanent()).isZero();
                assertThat(snapshot(relay)).as("no row failed, charged or left claimed").isEqualTo(before);
                assertThat(function.bodies()).isNotEmpty().allSatisfy(b -> assertThat(b).contains("\"action\":\"sync_batch\""));
                HttpResponse<String> down = ready(p);
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("the endpoint does not accept sync_batch");
                assertThat(logs.text().lines().filter(l -> l.contains("does not accept sync_batch")))
                        .as("one line, however many refusals").hasSize(1)
                        .allSatisfy(l -> assertThat(l).contains("Unknown action: sync_batch")
                                .contains("deploy one that does, or set sync.target=legacy or sync.target=bubble"));
                assertThat(logs.text()).doesNotContain(RelayHarness.TOKEN);

                function.speakSyncBatch();
                await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> {
                    relay.pass("processor");
                    relay.pass("retry");
                    return relay.count("status = 'completed'") == 13;
                });
                assertThat(relay.count("status = 'completed' AND retry_count = 0")).isEqualTo(12);
                assertThat(relay.row(retrying)).containsEntry("retry_count", 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> ready(p).statusCode() == 200);
            }
        }
    }

    @Test
    void a_404_for_the_function_url_is_a_configuration_problem_too() throws Exception {
        Properties p = managed();
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.projectUrl() + "/functions/v1/bubble-sync-typo");
            try (RelayHarness relay = RelayHarness.start(p)) {
                for (int i = 0; i < 3; i++) {
                    relay.insert("orders", "o-" + i, "UPDATE", "{}");
                }

                PassTally pass = relay.pass("processor");

                assertThat(pass.handedBack()).isEqualTo(3);
                assertThat(relay.count("status = 'pending' AND retry_count = 0 AND error_message IS NULL")).isEqualTo(3);
                assertThat(ready(p).body()).contains("does not accept sync_batch (HTTP 404");
            }
        }
    }

    @Test
    void a_row_level_400_from_an_endpoint_that_speaks_sync_batch_still_fails_that_row() throws Exception {
        // the guard only reads action refusals: an endpoint's 400 about the data keeps today's isolation
        Properties p = managed();
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            function.failWith(400, "{\"success\":false,\"error\":\"Invalid data for field check in day\"}");
            try (RelayHarness relay = RelayHarness.start(p)) {
                UUID row = relay.insert("orders", "o-1", "UPDATE", "{}");

                relay.pass("processor");

                assertThat(relay.row(row)).containsEntry("status", "failed").containsEntry("failure_kind", "permanent");
            }
        }
    }
}
