package io.bubblesync.relay;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.CapturedLogs;
import io.bubblesync.relay.support.ManagementPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * sync.target=bubble: answers that are about the configuration, never about a row (notes §1b): a 404 other than
 * MISSING_DATA (a type Bubble does not know) and a 401 for the key, which Bubble echoes.
 */
class BubbleConfigurationAnswersTest {
    private static final String WRONG_KEY = "wrong-bubble-key-7c41e0d9b2";

    private static BubbleFixture start(Map<String, String> settings) throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        settings.forEach(p::setProperty);
        BubbleFixture f = BubbleFixture.start(bubble, p);
        f.relay.update("CREATE TABLE ghostt (_id text PRIMARY KEY, bubble_id text, title text)");
        f.relay.update("INSERT INTO ghostt VALUES ('g-1', '1765294218839x302232797101993801', 'a'), ('g-2', '1765294218839x302232797101993802', 'b')");
        bubble.declareFields("listing", List.of("Name", "Price:number"));
        bubble.declareFields("user", List.of("email", "name"));
        return f;
    }

    private static HealthCheck.Result readiness(BubbleFixture f) {
        return f.relay.context().getRegistry().lookupByNameAndType("bubbleTypesCheck", HealthCheck.class).call();
    }

    @Test
    void a_delete_answered_not_found_is_not_completed_and_spends_no_attempt() throws Exception {
        try (BubbleFixture f = start(Map.of("sync.breaker.open-for", "1h")); CapturedLogs logs = new CapturedLogs()) {
            UUID delete = f.relay.insert("ghostt", "g-1", "DELETE", null);
            UUID listing = f.insertListing("L-1", "fine", 1);

            f.relay.pass("processor");

            Map<String, Object> row = f.relay.row(delete);
            assertThat(row.get("status")).as("handed back, not completed as already gone").isEqualTo("pending");
            assertThat(row.get("retry_count")).isEqualTo(0);
            assertThat(row.get("bubble_response")).isNull();
            assertThat(f.relay.row(listing).get("status")).as("other types flow").isEqualTo("completed");
            HealthCheck.Result ready = readiness(f);
            assertThat(ready.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(ready.getMessage()).get().asString().contains("'ghostt'").contains("Type not found ghostt")
                    .contains("type name").contains("Settings → API").contains("version-test");
            f.relay.insert("ghostt", "g-2", "DELETE", null);
            f.relay.pass("processor");
            assertThat(f.bubble.requests().stream().filter(r -> r.path().startsWith("/obj/ghostt")).count())
                    .as("held rows are not claimed again before the probe").isEqualTo(1);
            assertThat(logs.text().lines().filter(l -> l.contains("Bubble does not know type 'ghostt'")).count()).isEqualTo(1);
        }
    }

    @Test
    void an_update_of_an_unknown_type_spends_no_attempt_and_flows_once_bubble_knows_the_type() throws Exception {
        try (BubbleFixture f = start(Map.of("sync.breaker.open-for", "2s"))) {
            UUID update = f.relay.insert("ghostt", "g-2", "UPDATE", "{\"title\":\"renamed\"}");

            f.relay.pass("processor");

            Map<String, Object> row = f.relay.row(update);
            assertThat(row.get("status")).isEqualTo("pending");
            assertThat(row.get("retry_count")).isEqualTo(0);
            assertThat(row.get("failure_kind")).isNull();

            f.bubble.declareFields("ghostt", List.of("title"));
            String id = f.bubble.insert("ghostt", Map.of("title", "b"));
            f.relay.update("UPDATE ghostt SET bubble_id = ? WHERE _id = 'g-2'", id);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                f.relay.pass("processor");
                return "completed".equals(f.relay.row(update).get("status"));
            });
            assertThat(f.relay.row(update).get("retry_count")).as("the probe spent no attempt either").isEqualTo(0);
            assertThat(f.bubble.object("ghostt", id)).get().extracting(o -> o.get("title")).isEqualTo("renamed");
            assertThat(readiness(f).getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void missing_data_still_means_gone_a_delete_completes_and_a_patch_fails() throws Exception {
        try (BubbleFixture f = start(Map.of())) {
            f.relay.update("INSERT INTO listing (_id, bubble_id) VALUES ('M-1', '1765294218839x302232797101993809'), "
                    + "('M-2', '1765294218839x302232797101993809')");
            UUID delete = f.relay.insert("listing", "M-1", "DELETE", null);
            UUID patch = f.relay.insert("listing", "M-2", "UPDATE", "{\"title\":\"x\"}");

            f.relay.pass("processor");

            assertThat(f.relay.row(delete).get("status")).isEqualTo("completed");
            assertThat(f.relay.row(delete).get("bubble_response").toString()).contains("already_gone");
            assertThat(f.relay.row(patch).get("failure_kind")).isEqualTo("permanent");
            assertThat((String) f.relay.row(patch).get("error_message")).contains("MISSING_DATA").contains("does not exist in Bubble");
            assertThat(readiness(f).getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void a_wrong_key_holds_every_type_spends_no_attempt_is_probed_and_appears_nowhere_after_bubble_echoed_it() throws Exception {
        Properties admin = new Properties();
        String logs;
        try (CapturedLogs captured = new CapturedLogs();
             BubbleFixture f = start(Map.of("bubble.api.key", WRONG_KEY, "sync.breaker.open-for", "3s",
                     "camel.management.enabled", "true", "camel.management.port", ManagementPort.enable(admin).getProperty("camel.management.port")))) {
            HttpResponse<String> echoed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(f.bubble.baseUrl() + "/obj/listing"))
                    .header("Authorization", "Bearer " + WRONG_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(echoed.body()).as("the emulator echoes the key, as Bubble does").contains("Invalid or expired token: " + WRONG_KEY);
            f.bubble.clearRequests();
            UUID listing = f.insertListing("K-1", "one", 1);
            UUID user = f.insertUser(UUID.randomUUID(), "k@b.io");
            UUID delete = f.relay.insert("ghostt", "g-1", "DELETE", null);

            PassTally first = f.relay.pass("processor");
            PassTally second = f.relay.pass("processor");

            assertThat(first.handedBack()).isEqualTo(3);
            assertThat(f.bubble.requests()).as("one call told; the others were held").hasSize(1);
            assertThat(second.claimed()).as("the key refused: nothing claimed until the probe").isZero();
            for (UUID row : List.of(listing, user, delete)) {
                assertThat(f.relay.row(row).get("status")).isEqualTo("pending");
                assertThat(f.relay.row(row).get("retry_count")).isEqualTo(0);
            }
            HealthCheck.Result ready = readiness(f);
            assertThat(ready.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(ready.getMessage()).get().asString().contains("refused the API key").contains("Invalid or expired token: ***")
                    .contains("BUBBLE_API_KEY");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                f.relay.pass("processor");
                return f.bubble.requests().size() >= 2;
            });
            assertThat(f.bubble.requests()).as("after sync.breaker.open-for exactly one probe").hasSize(2);

            StringBuilder everything = new StringBuilder();
            everything.append(f.relay.query("SELECT string_agg(to_jsonb(q)::text, ' ') AS a FROM sync_queue q").get(0).get("a"));
            everything.append(f.relay.query("SELECT string_agg(to_jsonb(r)::text, ' ') AS a FROM sync_run r").get(0).get("a"));
            everything.append(ready.getMessage().orElse("")).append(ready.getDetails());
            for (String path : List.of("/admin/overview", "/admin/status", "/admin/runs", "/admin/failed", "/admin/throughput",
                    "/admin/doctor", "/observe/health/ready?exposureLevel=full", "/observe/metrics", "/dashboard",
                    "/dashboard/dashboard.js")) {
                HttpResponse<String> r = ManagementPort.call(admin, "GET", path, null);
                assertThat(r.statusCode()).as(path).isIn(200, 503); // readiness is DOWN: 503
                everything.append(path).append(' ').append(r.body());
            }
            assertThat(everything.toString()).contains("refused the API key").doesNotContain(WRONG_KEY);
            logs = captured.text();
        }
        assertThat(logs.lines().filter(l -> l.startsWith("Bubble refused the API key")).count()).as("one log line").isEqualTo(1);
        assertThat(logs).contains("Invalid or expired token: ***").doesNotContain(WRONG_KEY);
    }
}
