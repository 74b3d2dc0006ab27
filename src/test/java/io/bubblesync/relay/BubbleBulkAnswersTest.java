package io.bubblesync.relay;

import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.dev.emulator.RecordedRequest;
import io.bubblesync.relay.support.BubbleFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sync.target=bubble: a bulk create settled as Bubble answers it (notes §1b): line by line whatever the HTTP status,
 * a success line never sent again, only a row-is-wrong line permanent, the rest retried without a second object.
 */
class BubbleBulkAnswersTest {

    private static BubbleFixture start(EmulatorOptions options, Map<String, String> settings) {
        try {
            BubbleEmulator bubble = BubbleEmulator.start(options.apiKey(BubbleFixture.KEY));
            Properties p = BubbleFixture.defaults(bubble);
            settings.forEach(p::setProperty);
            BubbleFixture f = BubbleFixture.start(bubble, p);
            bubble.declareFields("listing", List.of("Name", "Price:number", "supabase_id"));
            return f;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many Bubble things carry each Name. */
    private static Map<Object, Long> copiesByName(BubbleFixture f) {
        return f.bubble.objects("listing").stream().collect(Collectors.groupingBy(o -> o.get("Name"), Collectors.counting()));
    }

    @Test
    void a_400_bulk_answer_with_one_bad_line_creates_every_good_row_exactly_once() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults().bulkErrorsAs400(true), Map.of("sync.batch.size", "10"))) {
            List<UUID> rows = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                rows.add(f.insertListing("G-" + i, "good " + i, i));
            }
            f.relay.update("UPDATE sync_queue SET payload = jsonb_set(payload, '{price}', '\"cheap\"') WHERE record_id = 'G-4'");

            f.relay.pass("processor");

            Map<Object, Long> copies = copiesByName(f);
            assertThat(copies).as("9 good rows, each created once").hasSize(9).allSatisfy((name, n) -> assertThat(n).as("%s", name).isEqualTo(1));
            assertThat(f.requests("POST")).as("one bulk call, nothing sent again").hasSize(1);
            assertThat(f.relay.count("status = 'completed'")).isEqualTo(9);
            Map<String, Object> bad = f.relay.row(rows.get(4));
            assertThat(bad.get("failure_kind")).isEqualTo("permanent");
            assertThat((String) bad.get("error_message")).contains("Invalid data for field Price");
            for (int i = 0; i < 10; i++) {
                if (i != 4) {
                    assertThat(f.bubbleId("listing", "G-" + i)).as("G-%d written back", i).isNotNull();
                }
            }
        }
    }

    @Test
    void a_bulk_of_5_whose_last_3_lines_bubble_did_not_reach_creates_no_object_twice() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults().bulkErrorsAs400(true).bulkReachOnly(2),
                Map.of("sync.http.redeliveries", "0"))) {
            List<UUID> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rows.add(f.insertListing("N-" + i, "row " + i, i));
            }

            f.relay.pass("processor");

            assertThat(f.relay.row(rows.get(0)).get("status")).isEqualTo("completed");
            assertThat(f.relay.row(rows.get(1)).get("status")).isEqualTo("completed");
            for (UUID later : rows.subList(2, 5)) {
                Map<String, Object> r = f.relay.row(later);
                assertThat(r.get("failure_kind")).as("not reached is not a bad row: retried").isEqualTo("transient");
                assertThat(r.get("next_retry_at")).isNotNull();
            }
            f.bubble.bulk().reachOnly(-1);
            f.relay.update("UPDATE sync_queue SET next_retry_at = now() WHERE failure_kind = 'transient'");
            f.relay.pass("retry");

            assertThat(f.relay.count("status = 'completed'")).isEqualTo(5);
            Map<Object, Long> copies = copiesByName(f);
            assertThat(copies).hasSize(5).allSatisfy((name, n) -> assertThat(n).as("%s", name).isEqualTo(1));
            List<String> sentAgain = f.requests("POST").stream().skip(1).map(RecordedRequest::body).toList();
            assertThat(String.join("\n", sentAgain)).doesNotContain("row 0").doesNotContain("row 1");
        }
    }

    @Test
    void a_line_not_reached_is_retried_with_the_lookup_guard_and_adopts_what_bubble_holds() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults().bulkReachOnly(1),
                Map.of("sync.http.redeliveries", "0", "sync.bubble.lookup-field", "supabase_id"))) {
            f.insertListing("A-0", "first", 1);
            UUID second = f.insertListing("A-1", "second", 2);
            f.relay.pass("processor");
            assertThat(f.relay.row(second).get("failure_kind")).isEqualTo("transient");
            // someone (an earlier try whose answer was lost) created it meanwhile: the retry must find and adopt it
            String existing = f.bubble.insert("listing", Map.of("Name", "second", "supabase_id", "A-1"));
            f.bubble.bulk().reachOnly(-1);
            f.relay.update("UPDATE sync_queue SET next_retry_at = now() WHERE id = ?", second);

            f.relay.pass("retry");

            assertThat(f.relay.row(second).get("status")).isEqualTo("completed");
            assertThat(f.relay.row(second).get("bubble_response").toString()).contains("adopted");
            assertThat(f.bubbleId("listing", "A-1")).isEqualTo(existing);
            assertThat(copiesByName(f)).containsEntry("second", 1L);
        }
    }

    @Test
    void bulk_lines_are_joined_by_newline_without_a_trailing_one_so_a_strict_reading_sees_no_empty_line() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults().bulkEveryNewlineALine(true), Map.of())) {
            f.insertListing("S-1", "one", 1);
            f.insertListing("S-2", "two", 2);

            f.relay.pass("processor");

            RecordedRequest bulk = f.requests("POST").get(0);
            assertThat(bulk.path()).isEqualTo("/obj/listing/bulk");
            assertThat(bulk.body()).doesNotEndWith("\n").contains("\n");
            assertThat(f.relay.count("status = 'completed'")).isEqualTo(2);
            assertThat(f.bubble.objects("listing")).hasSize(2);
        }
    }

    @Test
    void a_whole_request_answer_without_lines_is_transient_and_never_fails_the_rows() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults(), Map.of("sync.http.redeliveries", "0"))) {
            UUID a = f.insertListing("W-1", "one", 1);
            UUID b = f.insertListing("W-2", "two", 2);
            f.bubble.failNextRequests(1);

            f.relay.pass("processor");

            for (UUID row : List.of(a, b)) {
                assertThat(f.relay.row(row).get("failure_kind")).isEqualTo("transient");
            }
            assertThat(f.bubble.objects("listing")).isEmpty();
            assertThat(f.requests("POST")).hasSize(1);
        }
    }

    @Test
    void only_row_is_wrong_error_lines_are_permanent() throws Exception {
        try (BubbleFixture f = start(EmulatorOptions.defaults(), Map.of("sync.http.redeliveries", "0"))) {
            f.bubble.declareFields("listing", List.of("Name", "Price:number", "Tags:list"));
            UUID unknown = f.insertListing("P-1", "one", 1);
            f.relay.update("UPDATE sync_queue SET payload = payload || '{\"colour\":\"red\"}' WHERE record_id = 'P-1'");
            UUID tooLong = f.insertListing("P-2", "two", 2);
            f.relay.update("UPDATE sync_queue SET payload = payload || jsonb_build_object('Tags', (SELECT jsonb_agg(g) FROM generate_series(1, 201) g)) "
                    + "WHERE record_id = 'P-2'");
            UUID fine = f.insertListing("P-3", "three", 3);

            f.relay.pass("processor");

            Function<UUID, String> kind = id -> (String) f.relay.row(id).get("failure_kind");
            assertThat(kind.apply(unknown)).isEqualTo("permanent");
            assertThat((String) f.relay.row(unknown).get("error_message")).contains("Unrecognized field: colour");
            assertThat(kind.apply(tooLong)).isEqualTo("permanent");
            assertThat(f.relay.row(fine).get("status")).isEqualTo("completed");
        }
    }
}
