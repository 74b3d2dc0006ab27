package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.JsonNode;
import io.bubblesync.app.CliRun;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.BubbleFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static io.bubblesync.relay.support.BubbleFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** reconcile --table T against the emulator over HTTP: every kind counted exactly, --fix, and the cursor cap. */
class ReconcileTest {
    private static final String GONE = "1765294218839x111111111111111111";

    private static BubbleFixture start(EmulatorOptions options, Map<String, String> settings) throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(options.apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.lookup-field", "supabase_id");
        settings.forEach(p::setProperty);
        return BubbleFixture.start(bubble, p);
    }

    private static CliRun reconcile(BubbleFixture f, String... args) {
        Map<String, String> p = new HashMap<>();
        for (String key : List.of("sync.db.url", "sync.target", "bubble.api.url", "bubble.api.key", "sync.bubble.lookup-field", "sync.bubble.rate-limit")) {
            p.put(key, f.relay.settings().raw().getProperty(key));
        }
        List<String> all = new ArrayList<>(List.of("reconcile", "--table", "listing"));
        all.addAll(List.of(args));
        return CliRun.of(p, all.toArray(String[]::new));
    }

    private static JsonNode report(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return json(run.out());
    }

    private static String object(BubbleFixture f, String name, Object price, String supabaseId) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("Name", name);
        if (price != null) {
            fields.put("Price", price);
        }
        if (supabaseId != null) {
            fields.put("supabase_id", supabaseId);
        }
        return f.bubble.insert("listing", fields);
    }

    private static void row(BubbleFixture f, String key, String bubbleId, String title, Object price) {
        f.relay.update("INSERT INTO listing (_id, bubble_id, title, price, owner_email) VALUES (?, ?, ?, CAST(? AS numeric), 'o@x.io')",
                key, bubbleId, title, price == null ? null : price.toString());
    }

    /** 4 in sync (one only by its lookup value), 2 drifted, 2 missing, 2 dangling; 2 orphans; S-3 carried by 2 objects. */
    private static void seed(BubbleFixture f) {
        row(f, "S-1", object(f, "s1", 3, "S-1"), "s1", null); // a NULL is not sent (sync.bubble.send-nulls=false): in sync
        row(f, "S-2", object(f, "s2", 10.5, "S-2"), "s2", "10.50");
        row(f, "S-3", object(f, "s3", 1, "S-3"), "s3", 1);
        object(f, "s3 again", 1, "S-3");
        object(f, "a1", 1, "A-1");
        row(f, "A-1", null, "a1", 1);
        row(f, "D-1", object(f, "old title", 5, "D-1"), "new title", 5);
        row(f, "D-2", object(f, "d2", 7, "D-2"), "d2", "7.50");
        row(f, "M-1", null, "m1", 1);
        row(f, "M-2", null, "m2", 2);
        row(f, "G-1", GONE, "g1", 1);
        row(f, "G-2", GONE.replace('1', '2'), "g2", 2);
        object(f, "orphan 1", 1, null);
        object(f, "orphan 2", 1, "nobody");
    }

    @Test
    void a_table_and_a_type_seeded_with_every_kind_are_counted_exactly_and_nothing_is_changed() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults(), Map.of())) {
            seed(f);
            List<Map<String, Object>> ids = f.relay.query("SELECT _id, bubble_id FROM listing ORDER BY _id");

            CliRun run = reconcile(f, "--json", "--sample", "5");

            JsonNode r = report(run);
            assertThat(r.properties()).extracting(Map.Entry::getKey).containsExactly("in_sync", "missing_in_bubble",
                    "dangling_bubble_id", "drift", "orphans_in_bubble", "duplicates_in_bubble");
            assertThat(r.path("in_sync").path("count").asInt()).isEqualTo(4);
            assertThat(r.path("missing_in_bubble").path("sample")).extracting(JsonNode::asText).containsExactly("M-1", "M-2");
            assertThat(r.path("dangling_bubble_id").path("sample")).extracting(JsonNode::asText).containsExactly("G-1", "G-2");
            assertThat(r.path("drift").path("sample")).extracting(JsonNode::asText).containsExactly("D-1", "D-2");
            assertThat(r.path("orphans_in_bubble").path("count").asInt()).isEqualTo(2);
            assertThat(r.path("duplicates_in_bubble").path("sample")).extracting(JsonNode::asText).containsExactly("S-3");
            assertThat(run.err()).contains("reconcile listing: Bubble type listing: 9 / 9 objects (100%)");
            assertThat(f.relay.count("true")).as("read-only: nothing enqueued").isZero();
            assertThat(f.relay.query("SELECT _id, bubble_id FROM listing ORDER BY _id")).isEqualTo(ids);
            assertThat(f.bubble.requests()).allSatisfy(req -> assertThat(req.method()).isEqualTo("GET"));
            assertThat(f.relay.query("SELECT kind, detail FROM sync_bulk_finding WHERE record_id = 'D-1'").get(0))
                    .containsEntry("kind", "drift").containsEntry("detail", "Name");
        }
    }

    @Test
    void fix_and_the_service_leave_nothing_missing_dangling_or_drifted_and_orphans_go_only_when_asked() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults(), Map.of())) {
            seed(f);

            CliRun fix = reconcile(f, "--fix");
            assertThat(fix.exitCode()).as(fix.err()).isZero();
            assertThat(fix.err()).contains("--fix: 6 row(s) enqueued, 2 dangling Bubble id(s) cleared, 1 Bubble id(s) written back");
            assertThat(f.relay.count("origin_run IS NOT NULL")).isEqualTo(6);
            f.relay.pass("processor");
            assertThat(f.relay.count("status = 'completed'")).isEqualTo(6);

            JsonNode second = report(reconcile(f, "--json"));
            assertThat(second.path("in_sync").path("count").asInt()).isEqualTo(10);
            for (String kind : List.of("missing_in_bubble", "dangling_bubble_id", "drift")) {
                assertThat(second.path(kind).path("count").asInt()).as(kind).isZero();
            }
            assertThat(second.path("orphans_in_bubble").path("count").asInt()).as("never deleted unasked").isEqualTo(2);
            assertThat(second.path("duplicates_in_bubble").path("count").asInt()).isEqualTo(1);

            CliRun dry = reconcile(f, "--delete-orphans");
            assertThat(dry.err()).contains("2 orphan(s) would be deleted; add --fix");
            assertThat(f.relay.count("operation = 'DELETE'")).isZero();
            CliRun delete = reconcile(f, "--fix", "--delete-orphans");
            assertThat(delete.err()).contains("2 orphan DELETE(s)");
            f.relay.pass("processor");
            assertThat(f.relay.count("operation = 'DELETE' AND status = 'completed'")).isEqualTo(2);
            JsonNode third = report(reconcile(f, "--json"));
            assertThat(third.path("orphans_in_bubble").path("count").asInt()).isZero();
            assertThat(third.path("in_sync").path("count").asInt()).isEqualTo(10);
        }
    }

    @Test
    void a_type_past_the_cursor_cap_is_read_whole_by_created_date_ranges() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults().cursorCap(25), Map.of())) {
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 1; i <= 130; i++) {
                Instant created = t0.plusSeconds(i / 2); // pairs share a Created Date, one pair across each cut
                String id = f.bubble.insert("listing", Map.of("Name", "n" + i, "Price", i, "supabase_id", "C-" + i,
                        "Created Date", created.toString().replace("Z", ".000Z")));
                row(f, "C-" + i, id, "n" + i, i);
            }

            JsonNode r = report(reconcile(f, "--json"));

            assertThat(r.path("in_sync").path("count").asInt()).isEqualTo(130);
            assertThat(r.path("orphans_in_bubble").path("count").asInt()).isZero();
            assertThat(f.bubble.requests()).anySatisfy(req -> assertThat(req.query()).contains("\"Created Date\"").contains("greater than"));
        }
    }

    @Test
    void a_reconcile_of_10000_rows_reads_bubble_within_the_rate_limit_and_shows_progress() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults().rateLimitPerMinute(600), Map.of("sync.bubble.rate-limit", "600"))) {
            List<String> keys = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 10_000; i++) {
                keys.add("K-" + i);
                ids.add(f.bubble.insert("listing", Map.of("Name", "n" + i, "Price", i, "supabase_id", "K-" + i)));
            }
            f.relay.update("INSERT INTO listing (_id, bubble_id, title, price) SELECT k, b, 'n' || substr(k, 3), CAST(substr(k, 3) AS numeric) "
                    + "FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS v(k, b)", keys.toArray(String[]::new), ids.toArray(String[]::new));

            CliRun run = reconcile(f, "--json");

            assertThat(report(run).path("in_sync").path("count").asInt()).isEqualTo(10_000);
            assertThat(f.bubble.tooManyRequestsSent()).isZero();
            assertThat(f.bubble.maxRequestsInAnyMinute()).isLessThanOrEqualTo(600);
            assertThat(run.err().lines().filter(l -> l.contains("objects/s, ETA")).count()).as(run.err()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void a_refused_key_fails_the_reconcile_with_one_line_that_never_shows_the_key_bubble_echoed() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults(), Map.of())) {
            row(f, "S-1", null, "s1", 1);
            Map<String, String> p = new HashMap<>();
            for (String key : List.of("sync.db.url", "sync.target", "bubble.api.url")) {
                p.put(key, f.relay.settings().raw().getProperty(key));
            }
            p.put("bubble.api.key", "wrong-key-3c9e0d71aa");

            CliRun run = CliRun.of(p, "reconcile", "--table", "listing");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("the API key was refused (401)").doesNotContain("wrong-key-3c9e0d71aa");
            assertThat(run.out()).doesNotContain("wrong-key-3c9e0d71aa");
            assertThat(f.relay.query("SELECT status, message FROM sync_bulk_run").get(0)).containsEntry("status", "failed");
            assertThat(f.relay.query("SELECT message FROM sync_bulk_run").get(0).get("message").toString()).doesNotContain("wrong-key");
        }
    }
}
