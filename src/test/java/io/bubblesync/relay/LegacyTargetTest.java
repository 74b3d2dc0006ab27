package io.bubblesync.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.support.CapturedLogs;
import io.bubblesync.relay.support.DeployedFunction;
import io.bubblesync.relay.support.RelayHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** sync.target=legacy against a stand-in for the deployed bubble_sync function (its own actions, its own answers). */
class LegacyTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The relay's settings; JavaDslLegacyTargetTest runs every case again with the Java DSL routes. */
    Properties legacy() {
        Properties p = RelayHarness.defaults("http://127.0.0.1:9/not-yet");
        p.setProperty("sync.target", "legacy");
        p.setProperty("sync.claim.limit", "10");
        p.setProperty("sync.batch.size", "5");
        return p;
    }

    private static List<JsonNode> parsed(List<String> bodies) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String b : bodies) {
            out.add(JSON.readTree(b));
        }
        return out;
    }

    @Test
    void processor_posts_process_queue_data_api_only_while_pending_rows_exist_and_records_the_functions_answer() throws Exception {
        Properties p = legacy();
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            try (RelayHarness relay = RelayHarness.start(p)) {
                assertThat(relay.pass("processor").claimed()).isZero();
                assertThat(function.bodies()).as("nothing pending: no call").isEmpty();

                for (int i = 0; i < 7; i++) {
                    relay.insert("orders", "o-" + i, "UPDATE", "{}");
                }
                PassTally pass = relay.pass("processor");

                JsonNode expected = JSON.readTree("{\"action\":\"process_queue_data_api\",\"payload\":{\"limit\":10,\"batch_size\":5}}");
                assertThat(parsed(function.bodies())).as("a full batch (5), pending rows left: called again; then 2 < 5: done")
                        .containsExactly(expected, expected);
                assertThat(function.authorizations()).containsOnly("Bearer " + RelayHarness.TOKEN);
                assertThat(pass.claimed()).isEqualTo(7);
                assertThat(pass.completed()).isEqualTo(7);
                assertThat(relay.count("status = 'completed'")).isEqualTo(7);
                assertThat(relay.count("claimed_by IS NOT NULL")).as("the relay claims nothing itself").isZero();
                assertThat(relay.query("SELECT job, status, claimed, completed, failed, skipped FROM sync_run"))
                        .containsExactly(Map.of("job", "processor", "status", "succeeded", "claimed", 7, "completed", 7, "failed", 0, "skipped", 0));
                assertThat(relay.query("SELECT message FROM sync_run").get(0).get("message").toString())
                        .contains("legacy process_queue_data_api: calls=2 processed=7 success=7");

                relay.pass("processor");
                assertThat(function.bodies()).as("nothing pending any more: no call").hasSize(2);
            }
        }
    }

    @Test
    void retry_posts_retry_failed_only_when_a_failed_row_has_attempts_left_and_is_due() throws Exception {
        Properties p = legacy();
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            try (RelayHarness relay = RelayHarness.start(p)) {
                UUID exhausted = relay.insert("orders", "o-1", "UPDATE", "{}");
                UUID later = relay.insert("orders", "o-2", "UPDATE", "{}");
                relay.update("UPDATE sync_queue SET status = 'failed', retry_count = 3, max_retries = 3 WHERE id = ?", exhausted);
                relay.update("UPDATE sync_queue SET status = 'failed', retry_count = 1, next_retry_at = now() + interval '1 hour' WHERE id = ?", later);

                relay.pass("retry");
                relay.pass("processor");
                assertThat(function.bodies()).as("no pending row, no failed row due").isEmpty();

                UUID due = relay.insert("orders", "o-3", "UPDATE", "{}");
                relay.update("UPDATE sync_queue SET status = 'failed', retry_count = 1, next_retry_at = NULL WHERE id = ?", due);
                relay.pass("retry");

                assertThat(parsed(function.bodies())).containsExactly(JSON.readTree("{\"action\":\"retry_failed\",\"payload\":{}}"));
                assertThat(relay.row(due)).containsEntry("status", "completed");
                assertThat(relay.row(exhausted)).containsEntry("status", "failed");
                assertThat(relay.query("SELECT job, completed FROM sync_run")).containsExactly(Map.of("job", "retry", "completed", 1));
            }
        }
    }

    @Test
    void a_row_the_function_left_processing_past_the_lease_is_rescued_as_a_due_failed_row_and_retried() throws Exception {
        Properties p = legacy();
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            try (RelayHarness relay = RelayHarness.start(p)) {
                UUID stuck = relay.insert("orders", "o-1", "UPDATE", "{}");
                UUID young = relay.insert("orders", "o-2", "UPDATE", "{}");
                relay.update("UPDATE sync_queue SET status = 'processing', created_at = now() - interval '10 minutes' WHERE id = ?", stuck);
                relay.update("UPDATE sync_queue SET status = 'processing' WHERE id = ?", young);

                PassTally pass = relay.pass("retry");

                assertThat(pass.rescued()).isEqualTo(1);
                assertThat(relay.row(stuck)).containsEntry("status", "completed").containsEntry("retry_count", 1);
                assertThat(relay.row(young)).as("within its lease: left to the function").containsEntry("status", "processing");
                assertThat(relay.query("SELECT job FROM sync_run ORDER BY run_id")).extracting(r -> r.get("job")).containsExactly("rescue", "retry");
            }
        }
    }

    @Test
    void a_non_2xx_answer_is_logged_with_the_functions_error_recorded_as_a_failed_run_and_feeds_the_breaker() throws Exception {
        Properties p = legacy();
        p.setProperty("sync.breaker.window", "2");
        p.setProperty("sync.breaker.open-for", "1h");
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            try (RelayHarness relay = RelayHarness.start(p); CapturedLogs logs = new CapturedLogs()) {
                relay.insert("orders", "o-1", "UPDATE", "{}");
                function.failWith(400, "{\"success\":false,\"error\":\"Invalid payload: batch_size\"}");

                relay.pass("processor");
                relay.pass("processor");
                relay.pass("processor");

                assertThat(logs.text()).contains("bubble_sync answered HTTP 400 to process_queue_data_api: Invalid payload: batch_size");
                assertThat(function.bodies()).as("two failed calls open the breaker: the third pass calls nothing").hasSize(2);
                assertThat(relay.query("SELECT status, message FROM sync_run ORDER BY run_id")).hasSize(2)
                        .allSatisfy(r -> assertThat(r).containsEntry("status", "failed")
                                .containsEntry("message", "bubble_sync answered HTTP 400 to process_queue_data_api: Invalid payload: batch_size"));
                assertThat(relay.count("status = 'pending'")).isEqualTo(1);
            }
        }
    }

    @Test
    void an_insert_wakes_the_relay_which_calls_the_function_within_moments() throws Exception {
        Properties p = legacy();
        p.setProperty("sync.wakeup.enabled", "true");
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            try (RelayHarness relay = RelayHarness.start(p)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> relay.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle' AND query = 'LISTEN sync_queue_insert'").size() == 1);
                relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) "
                        + "SELECT 'orders', 'o-' || g, 'UPDATE', '{}' FROM generate_series(1, 12) g");

                await().atMost(Duration.ofSeconds(10)).until(() -> relay.count("status = 'completed'") == 12);
                assertThat(function.maxInFlight()).isEqualTo(1);
                assertThat(parsed(function.bodies())).extracting(b -> b.path("action").asText()).containsOnly("process_queue_data_api");
            }
        }
    }

    @Test
    void a_key_the_function_echoes_in_its_error_reaches_neither_the_log_nor_sync_run() throws Exception {
        Properties p = legacy();
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            try (RelayHarness relay = RelayHarness.start(p); CapturedLogs logs = new CapturedLogs()) {
                relay.insert("orders", "o-1", "UPDATE", "{}");
                function.failWith(500, "{\"success\":false,\"error\":\"Bubble refused key Bearer " + RelayHarness.TOKEN + "\"}");

                relay.pass("processor");

                assertThat(logs.text()).contains("Bubble refused key Bearer ***").doesNotContain(RelayHarness.TOKEN);
                assertThat(relay.query("SELECT message FROM sync_run").toString()).contains("***").doesNotContain(RelayHarness.TOKEN);
            }
        }
    }

    @Test
    void a_call_that_times_out_is_logged_and_recorded_as_a_failed_run() throws Exception {
        Properties p = legacy();
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            try (RelayHarness relay = RelayHarness.start(p); CapturedLogs logs = new CapturedLogs()) {
                relay.insert("orders", "o-1", "UPDATE", "{}");
                function.delay(3_000);

                PassTally pass = relay.pass("processor");

                assertThat(pass.failure()).contains("process_queue_data_api: no answer from bubble_sync within 1000 ms (timeout)");
                assertThat(logs.text()).contains("no answer from bubble_sync within 1000 ms (timeout)");
                assertThat(relay.query("SELECT status FROM sync_run")).containsExactly(Map.of("status", "failed"));
            }
        }
    }

    @Test
    void passes_started_at_once_make_one_call_at_a_time_and_a_pause_stops_calls() throws Exception {
        Properties p = legacy();
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"))) {
            p.setProperty("sync.endpoint.url", function.url());
            try (RelayHarness relay = RelayHarness.start(p)) {
                for (int i = 0; i < 30; i++) {
                    relay.insert("orders", "o-" + i, "UPDATE", "{}");
                }
                function.delay(100);
                List<CompletableFuture<PassTally>> passes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    // two processor and two retry passes; the job is chosen here, not in the task (which could see any size)
                    String job = i % 2 == 0 ? "processor" : "retry";
                    passes.add(CompletableFuture.supplyAsync(() -> relay.pass(job)));
                }
                passes.forEach(CompletableFuture::join);

                assertThat(function.maxInFlight()).isEqualTo(1);
                assertThat(relay.count("status = 'completed'")).isEqualTo(30);

                relay.insert("orders", "late", "UPDATE", "{}");
                relay.update("UPDATE sync_control SET paused = true");
                int calls = function.bodies().size();
                await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5)).until(() -> relay.pass("processor") != null);
                assertThat(function.bodies()).as("paused: no call").hasSize(calls);
                relay.update("UPDATE sync_control SET paused = false");
                await().atMost(Duration.ofSeconds(5)).until(() -> relay.pass("processor").completed() == 1);
            }
        }
    }
}
