package io.bubblesync.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.dev.emulator.RecordedRequest;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.CapturedLogs;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static io.bubblesync.relay.support.BubbleFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** sync.target=bubble: what each queue row becomes in Bubble's Data API (the emulator, over real HTTP). */
class BubbleTargetTest {

    @Test
    void insert_creates_the_mapped_thing_and_writes_its_bubble_id_back() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            UUID row = f.insertListing("L-1", "Sea view", 120);

            PassTally tally = f.relay.pass("processor");

            assertThat(tally.completed()).isEqualTo(1);
            RecordedRequest post = f.requests("POST").get(0);
            assertThat(post.path()).isEqualTo("/obj/listing");
            JsonNode sent = json(post.body());
            assertThat(sent.path("Name").asText()).as("field_mapping title → Name").isEqualTo("Sea view");
            assertThat(sent.path("Price").asInt()).isEqualTo(120);
            assertThat(sent.has("owner_email")).as("excluded_fields").isFalse();
            assertThat(sent.has("password_hash")).as("secret-looking").isFalse();
            assertThat(sent.has("_id") || sent.has("bubble_id") || sent.has("created_at")).as("read-only / internal").isFalse();
            String bubbleId = f.bubbleId("listing", "L-1");
            assertThat(bubbleId).matches("\\d{13}x\\d+");
            assertThat(f.bubble.object("listing", bubbleId)).get().extracting(o -> o.get("Name")).isEqualTo("Sea view");
            Map<String, Object> settled = f.relay.row(row);
            assertThat(settled.get("status")).isEqualTo("completed");
            JsonNode response = json(settled.get("bubble_response").toString());
            assertThat(response.path("id").asText()).isEqualTo(bubbleId);
            assertThat(response.path("operation").asText()).isEqualTo("CREATE");
        }
    }

    @Test
    void update_patches_the_bubble_id_never_the_supabase_id() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            String bubbleId = f.bubble.insert("listing", Map.of("Name", "Old"));
            f.relay.update("INSERT INTO listing (_id, bubble_id, title) VALUES ('L-2', ?, 'Old')", bubbleId);
            UUID row = f.relay.insert("listing", "L-2", "UPDATE", "{\"_id\":\"L-2\",\"title\":\"New\",\"price\":null}");

            f.relay.pass("processor");

            assertThat(f.relay.row(row).get("status")).isEqualTo("completed");
            RecordedRequest patch = f.requests("PATCH").get(0);
            assertThat(patch.path()).isEqualTo("/obj/listing/" + bubbleId);
            assertThat(json(patch.body()).has("Price")).as("nulls dropped by default").isFalse();
            assertThat(f.bubble.object("listing", bubbleId)).get().extracting(o -> o.get("Name")).isEqualTo("New");
            assertThat(f.bubble.requests()).noneMatch(r -> r.path().contains("L-2"));
        }
    }

    @Test
    void update_without_a_known_bubble_id_creates_and_records_create_from_update() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            f.relay.update("INSERT INTO listing (_id, title) VALUES ('L-3', 'Fresh')");
            UUID row = f.relay.insert("listing", "L-3", "UPDATE", "{\"_id\":\"L-3\",\"title\":\"Fresh\"}");

            f.relay.pass("processor");

            JsonNode response = json(f.relay.row(row).get("bubble_response").toString());
            assertThat(response.path("operation").asText()).isEqualTo("CREATE_FROM_UPDATE");
            assertThat(f.bubbleId("listing", "L-3")).isEqualTo(response.path("id").asText());
        }
    }

    @Test
    void delete_removes_the_thing_and_a_delete_of_a_missing_thing_completes() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            String present = f.bubble.insert("listing", Map.of("Name", "Gone soon"));
            UUID deleted = f.relay.insert("listing", "L-4", "DELETE", "{\"_id\":\"L-4\",\"bubble_id\":\"" + present + "\"}");
            UUID missing = f.relay.insert("listing", "L-5", "DELETE", "{\"_id\":\"L-5\",\"bubble_id\":\"1765294218839x30223279710199380\"}");
            UUID unknown = f.relay.insert("listing", "L-6", "DELETE", null);

            f.relay.pass("processor");

            assertThat(f.bubble.object("listing", present)).isEmpty();
            assertThat(f.relay.row(deleted).get("status")).isEqualTo("completed");
            assertThat(f.relay.row(missing).get("status")).as("404 MISSING_DATA: already gone").isEqualTo("completed");
            assertThat(f.relay.row(missing).get("bubble_response").toString()).contains("already_gone");
            assertThat(f.relay.row(unknown).get("status")).isEqualTo("skipped");
            assertThat(f.relay.row(unknown).get("bubble_response").toString()).contains("no Bubble id known");
        }
    }

    @Test
    void sync_config_that_disables_a_table_or_an_operation_skips_the_row_with_the_reason() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            f.relay.update("UPDATE sync_config SET sync_on_update = false WHERE supabase_table = 'listing'");
            f.relay.update("INSERT INTO sync_config (supabase_table, enabled) VALUES ('user', false)");
            UUID update = f.relay.insert("listing", "L-7", "UPDATE", "{\"title\":\"x\"}");
            UUID user = f.insertUser(UUID.randomUUID(), "a@b.io");

            f.relay.pass("processor");

            assertThat(f.relay.row(update).get("status")).isEqualTo("skipped");
            assertThat(f.relay.row(update).get("bubble_response").toString()).contains("sync_on_update is false");
            assertThat(f.relay.row(user).get("status")).isEqualTo("skipped");
            assertThat(f.relay.row(user).get("bubble_response").toString()).contains("enabled is false");
            assertThat(f.bubble.requests()).isEmpty();
        }
    }

    @Test
    void creates_of_one_type_go_in_one_bulk_call_and_each_line_settles_its_own_row() throws Exception {
        try (BubbleFixture f = BubbleFixture.start()) {
            f.bubble.declareFields("listing", List.of("Name", "Price:number"));
            List<UUID> rows = List.of(f.insertListing("B-1", "One", 1), f.insertListing("B-2", "Two", 2), f.insertListing("B-3", "Three", 3));
            f.relay.update("UPDATE sync_queue SET payload = jsonb_set(payload, '{price}', '\"lots\"') WHERE record_id = 'B-2'");

            f.relay.pass("processor");

            assertThat(f.bubble.requests()).hasSize(1);
            assertThat(f.bubble.requests().get(0).path()).isEqualTo("/obj/listing/bulk");
            assertThat(f.relay.row(rows.get(0)).get("status")).isEqualTo("completed");
            assertThat(f.relay.row(rows.get(1)).get("status")).isEqualTo("failed");
            assertThat(f.relay.row(rows.get(1)).get("failure_kind")).isEqualTo("permanent");
            assertThat(f.relay.row(rows.get(2)).get("status")).isEqualTo("completed");
            assertThat(f.bubbleId("listing", "B-1")).isNotNull();
            assertThat(f.bubbleId("listing", "B-2")).isNull();
            assertThat(f.bubble.objects("listing")).hasSize(2);
        }
    }

    @Test
    void the_bubble_key_appears_nowhere() throws Exception {
        String logs;
        try (CapturedLogs captured = new CapturedLogs(); BubbleFixture f = BubbleFixture.start()) {
            f.bubble.declareFields("listing", List.of("Name", "Price:number"));
            f.bubble.refuseType("user");
            f.insertListing("K-1", "ok", 1);
            f.relay.insert("listing", "K-2", "UPDATE", "{\"bubble_id\":\"1765294218839x1\",\"price\":\"cheap\"}");
            f.insertUser(UUID.randomUUID(), "k@b.io");
            f.bubble.failNextRequests(1);
            f.insertListing("K-3", "down", 1);
            f.relay.pass("processor");
            f.relay.update("UPDATE sync_queue SET next_retry_at = now() WHERE status = 'failed' AND failure_kind = 'transient'");
            f.relay.pass("retry");

            String everything = f.relay.query("SELECT string_agg(to_jsonb(q)::text, ' ') AS all FROM sync_queue q").get(0).get("all")
                    + " " + f.relay.query("SELECT string_agg(to_jsonb(r)::text, ' ') AS all FROM sync_run r").get(0).get("all");
            assertThat(everything).contains("INVALID_DATA").doesNotContain(BubbleFixture.KEY);
            String metrics = f.relay.context().getRegistry()
                    .lookupByNameAndType("metricsRegistry", io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class).scrape();
            assertThat(metrics).contains("sync_items_settled_total").doesNotContain(BubbleFixture.KEY);
            assertThat(f.relay.context().getPropertiesComponent().resolveProperty("bubble.api.key").orElse("")).as("no placeholder holds it").doesNotContain(BubbleFixture.KEY);
            String readiness = f.relay.context().getRegistry().lookupByNameAndType("bubbleTypesCheck",
                    org.apache.camel.health.HealthCheck.class).call().getMessage().orElse("");
            assertThat(readiness).contains("'user'").doesNotContain(BubbleFixture.KEY);
            logs = captured.text();
        }
        assertThat(logs).contains("Bubble refuses type 'user'").doesNotContain(BubbleFixture.KEY);
    }
}
