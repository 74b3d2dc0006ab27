package io.bubblesync.relay;

import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.dev.emulator.RecordedRequest;
import io.bubblesync.relay.support.BubbleFixture;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** sync.target=bubble: a claim's creates of one type fill bulk calls of sync.bubble.bulk-max lines; live rows are claimed first. */
class BulkAcrossBatchesTest {

    private static BubbleFixture start(Map<String, String> settings) throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        settings.forEach(p::setProperty);
        return BubbleFixture.start(bubble, p);
    }

    /** n listing rows L-1 … L-n and their INSERTs, queued by run {@code originRun} (null: live changes). */
    static void queueListings(BubbleFixture f, int from, int to, Long originRun) {
        f.relay.update("INSERT INTO listing (_id, title, price) SELECT 'L-' || g, 'title ' || g, g FROM generate_series(?, ?) g", from, to);
        f.relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload, origin_run, created_at) "
                + "SELECT 'listing', 'L-' || g, 'INSERT', jsonb_build_object('_id', 'L-' || g, 'title', 'title ' || g, 'price', g), ?, "
                + "clock_timestamp() FROM generate_series(?, ?) g", originRun, from, to);
    }

    @Test
    void two_thousand_creates_go_out_in_at_most_40_requests_each_row_created_once_and_written_back() throws Exception {
        try (BubbleFixture f = start(Map.of())) {
            queueListings(f, 1, 2000, null);

            f.relay.pass("processor");

            assertThat(f.relay.count("status = 'completed'")).isEqualTo(2000);
            List<RecordedRequest> posts = f.requests("POST");
            assertThat(posts).as("bulk calls of up to 100 lines across the claim's batches").hasSizeLessThanOrEqualTo(40);
            assertThat(posts).allSatisfy(r -> assertThat(r.path()).isEqualTo("/obj/listing/bulk"));
            assertThat(posts.stream().mapToLong(r -> r.body().lines().count()).max().orElse(0)).isEqualTo(100);
            Map<Object, Long> copies = f.bubble.objects("listing").stream()
                    .collect(Collectors.groupingBy(o -> o.get("Name"), Collectors.counting()));
            assertThat(copies).hasSize(2000).allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
            assertThat(f.relay.query("SELECT count(*) AS n FROM listing WHERE bubble_id IS NULL").get(0).get("n")).isEqualTo(0L);
        }
    }

    @Test
    void bulk_max_caps_the_lines_of_one_call() throws Exception {
        try (BubbleFixture f = start(Map.of("sync.bubble.bulk-max", "7", "sync.claim.limit", "50"))) {
            queueListings(f, 1, 50, null);

            f.relay.pass("processor");

            assertThat(f.relay.count("status = 'completed'")).isEqualTo(50);
            assertThat(f.requests("POST")).hasSize(8).allSatisfy(r -> assertThat(r.body().lines().count()).isLessThanOrEqualTo(7));
        }
    }

    @Test
    void a_live_change_is_claimed_before_an_older_backfill_backlog() throws Exception {
        try (BubbleFixture f = start(Map.of("sync.claim.limit", "1", "sync.claim.max", "1"))) {
            queueListings(f, 1, 20, 1L);
            queueListings(f, 21, 21, null);

            f.relay.pass("processor");

            assertThat(f.relay.count("status = 'completed'")).isEqualTo(21);
            assertThat(f.requests("POST").get(0).body()).as("the live row goes first").contains("title 21");
        }
    }

    @Test
    void a_live_change_folded_into_a_pending_backfill_row_makes_it_live() throws Exception {
        try (BubbleFixture f = start(Map.of())) {
            queueListings(f, 1, 1, 7L);

            f.relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload) VALUES ('listing', 'L-1', 'UPDATE', '{\"title\":\"edited\"}') "
                    + "ON CONFLICT (table_name, record_id) WHERE status = 'pending' DO UPDATE SET payload = excluded.payload");

            assertThat(f.relay.query("SELECT origin_run FROM sync_queue WHERE record_id = 'L-1'").get(0).get("origin_run")).isNull();
        }
    }
}
