package io.bubblesync.relay.dev.emulator;

import static io.bubblesync.relay.dev.emulator.EmulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's Data API over real HTTP: create, get, modify, replace, delete, search and bulk create. */
class BubbleEmulatorTest {
    private static final String BUBBLE_ID = "\\d{13}x\\d{18}";
    private BubbleEmulator emulator;
    private EmulatorClient client;

    @BeforeEach
    void start() throws Exception {
        emulator = BubbleEmulator.start(EmulatorOptions.defaults());
        client = new EmulatorClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void create_answers_201_with_a_bubble_shaped_id_and_stores_the_thing() {
        HttpResponse<String> r = client.send("POST", "/obj/listing", "{\"name\":\"Loft\",\"price\":120}");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("status").asText()).isEqualTo("success");
        String id = json(r).path("id").asText();
        assertThat(id).matches(BUBBLE_ID);
        assertThat(emulator.objects("listing")).singleElement()
                .satisfies(o -> assertThat(o).containsEntry("_id", id).containsEntry("name", "Loft").containsEntry("price", 120));
        assertThat(emulator.baseUrl()).startsWith("http://127.0.0.1:").endsWith("/api/1.1");
    }

    @Test
    void get_answers_the_fields_with_id_and_generated_dates() {
        String id = client.create("listing", "{\"name\":\"Loft\"}");

        HttpResponse<String> r = client.send("GET", "/obj/listing/" + id, null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode thing = json(r).path("response");
        assertThat(thing.path("_id").asText()).isEqualTo(id);
        assertThat(thing.path("name").asText()).isEqualTo("Loft");
        assertThat(thing.path("Created Date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(thing.path("Modified Date").asText()).isEqualTo(thing.path("Created Date").asText());
    }

    @Test
    void missing_id_answers_404_missing_data_for_get_patch_put_and_delete() {
        for (String method : List.of("GET", "PATCH", "PUT", "DELETE")) {
            HttpResponse<String> r = client.send(method, "/obj/listing/1700000000000x1", method.startsWith("P") ? "{}" : null);

            assertThat(r.statusCode()).as(method).isEqualTo(404);
            assertThat(json(r).path("statusCode").asInt()).isEqualTo(404);
            assertThat(json(r).path("body").path("status").asText()).isEqualTo("MISSING_DATA");
            assertThat(json(r).path("body").path("message").asText())
                    .isEqualTo("Missing object of type listing: object with id 1700000000000x1 does not exist");
        }
    }

    @Test
    void patch_changes_only_the_given_fields_and_null_clears_one() {
        String id = client.create("listing", "{\"name\":\"Loft\",\"price\":120,\"city\":\"Lyon\"}");

        HttpResponse<String> r = client.send("PATCH", "/obj/listing/" + id, "{\"price\":150,\"city\":null}");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(emulator.object("listing", id)).get().satisfies(o -> assertThat(o)
                .containsEntry("name", "Loft").containsEntry("price", 150).doesNotContainKey("city"));
    }

    @Test
    void put_replaces_the_thing_and_empties_omitted_fields() {
        String id = client.create("listing", "{\"name\":\"Loft\",\"price\":120}");

        HttpResponse<String> r = client.send("PUT", "/obj/listing/" + id, "{\"price\":99}");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(emulator.object("listing", id)).get().satisfies(o -> assertThat(o)
                .containsEntry("price", 99).containsEntry("_id", id).containsKey("Created Date").doesNotContainKey("name"));
    }

    @Test
    void delete_answers_204_and_the_thing_is_gone() {
        String id = client.create("listing", "{\"name\":\"Loft\"}");

        assertThat(client.send("DELETE", "/obj/listing/" + id, null).statusCode()).isEqualTo(204);

        assertThat(emulator.object("listing", id)).isEmpty();
        assertThat(client.send("GET", "/obj/listing/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void search_filters_by_equals_not_equal_empty_and_in() {
        String a = client.create("listing", "{\"name\":\"A\",\"city\":\"Lyon\",\"supabase_id\":\"s1\"}");
        String b = client.create("listing", "{\"name\":\"B\",\"city\":\"Paris\",\"supabase_id\":\"s2\"}");
        String c = client.create("listing", "{\"name\":\"C\"}");

        assertThat(ids(client.search("listing", "[{\"key\":\"supabase_id\",\"constraint_type\":\"equals\",\"value\":\"s2\"}]", "")))
                .containsExactly(b);
        assertThat(ids(client.search("listing", "[{\"key\":\"city\",\"constraint_type\":\"not equal\",\"value\":\"Lyon\"}]", "")))
                .containsExactly(b, c);
        assertThat(ids(client.search("listing", "[{\"key\":\"city\",\"constraint_type\":\"is_empty\"}]", ""))).containsExactly(c);
        assertThat(ids(client.search("listing", "[{\"key\":\"city\",\"constraint_type\":\"is_not_empty\"}]", ""))).containsExactly(a, b);
        assertThat(ids(client.search("listing", "[{\"key\":\"name\",\"constraint_type\":\"in\",\"value\":[\"A\",\"C\"]}]", "")))
                .containsExactly(a, c);
        assertThat(ids(client.search("listing", "[{\"key\":\"_id\",\"constraint_type\":\"equals\",\"value\":\"" + a + "\"}]", "")))
                .containsExactly(a);
    }

    @Test
    void search_also_knows_not_in_text_contains_contains_and_comparisons() {
        String a = client.create("listing", "{\"name\":\"Sunny Loft\",\"price\":80,\"tags\":[\"sea\",\"view\"]}");
        String b = client.create("listing", "{\"name\":\"Dark flat\",\"price\":120,\"tags\":[\"city\"]}");

        assertThat(ids(client.search("listing", "[{\"key\":\"name\",\"constraint_type\":\"not in\",\"value\":[\"Dark flat\"]}]", "")))
                .containsExactly(a);
        assertThat(ids(client.search("listing", "[{\"key\":\"name\",\"constraint_type\":\"text contains\",\"value\":\"LOFT\"}]", "")))
                .containsExactly(a);
        assertThat(ids(client.search("listing", "[{\"key\":\"tags\",\"constraint_type\":\"contains\",\"value\":\"city\"}]", "")))
                .containsExactly(b);
        assertThat(ids(client.search("listing", "[{\"key\":\"price\",\"constraint_type\":\"greater than\",\"value\":100}]", "")))
                .containsExactly(b);
        assertThat(ids(client.search("listing", "[{\"key\":\"price\",\"constraint_type\":\"less than\",\"value\":100},"
                + "{\"key\":\"tags\",\"constraint_type\":\"not contains\",\"value\":\"city\"}]", ""))).containsExactly(a);
    }

    @Test
    void parallel_creates_are_all_stored_with_distinct_ids() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                ids.add(callers.submit(() -> client.create("listing", "{\"n\":" + n + "}")));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> id : ids) {
                distinct.add(id.get(60, TimeUnit.SECONDS));
            }

            assertThat(distinct).hasSize(200);
            assertThat(emulator.objects("listing")).hasSize(200);
            assertThat(emulator.requests()).hasSize(200);
            assertThat(emulator.maxRequestsInAnyMinute()).isEqualTo(200);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void search_pages_with_cursor_limit_and_sort() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(client.create("listing", "{\"rank\":" + i + "}"));
        }

        HttpResponse<String> r = client.search("listing", "[]", "&cursor=1&limit=2&sort_field=rank&descending=true");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode response = json(r).path("response");
        assertThat(response.path("cursor").asInt()).isEqualTo(1);
        assertThat(response.path("count").asInt()).isEqualTo(2);
        assertThat(response.path("remaining").asInt()).isEqualTo(2);
        assertThat(ids(r)).containsExactly(created.get(3), created.get(2));
        JsonNode all = json(client.send("GET", "/obj/listing", null)).path("response");
        assertThat(all.path("count").asInt()).isEqualTo(5);
        assertThat(all.path("remaining").asInt()).isZero();
    }

    @Test
    void malformed_constraints_are_a_400_and_an_unknown_constraint_type_is_bubbles_404_not_found() {
        HttpResponse<String> r = client.search("listing", "{\"key\":\"x\"}", "");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("body").path("status").asText()).isEqualTo("ERROR");

        HttpResponse<String> unknown = client.search("listing", "[{\"key\":\"x\",\"constraint_type\":\"resembles\",\"value\":1}]", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("body").path("status").asText()).isEqualTo("NOT_FOUND");
        assertThat(json(unknown).path("body").path("message").asText())
                .isEqualTo("Constraint type not found resembles for field x and type listing");
    }

    @Test
    void bulk_creates_good_lines_and_answers_one_line_per_input_line_in_order() {
        String body = "{\"name\":\"A\"}\nnot json\n{\"_id\":\"forced\"}\n{\"name\":\"D\"}\n";

        HttpResponse<String> r = client.send("POST", "/obj/listing/bulk", body, "text/plain", "Bearer " + emulator.apiKey());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String[] lines = r.body().split("\n");
        assertThat(lines).hasSize(4);
        List<JsonNode> results = new ArrayList<>();
        for (String line : lines) {
            results.add(EmulatorClient.JSON.valueToTree(readLine(line)));
        }
        assertThat(results).extracting(n -> n.path("status").asText()).containsExactly("success", "error", "error", "success");
        assertThat(results.get(1).path("message").asText()).isNotEmpty();
        assertThat(emulator.objects("listing")).extracting(o -> o.get("_id"))
                .containsExactly(results.get(0).path("id").asText(), results.get(3).path("id").asText());
        assertThat(emulator.objects("listing")).extracting(o -> o.get("name")).containsExactly("A", "D");
    }

    @Test
    void bulk_without_text_plain_or_over_1000_lines_is_refused_whole() {
        HttpResponse<String> json = client.send("POST", "/obj/listing/bulk", "{\"name\":\"A\"}", "application/json",
                "Bearer " + emulator.apiKey());
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json(json).path("body").path("message").asText())
                .isEqualTo("Expecting a newline-seperated list of JSON objects.  Make sure the Content-Type header is text/plain");

        String tooMany = "{\"n\":1}\n".repeat(1001);
        HttpResponse<String> r = client.send("POST", "/obj/listing/bulk", tooMany, "text/plain", "Bearer " + emulator.apiKey());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(emulator.objects("listing")).isEmpty();

        HttpResponse<String> full = client.send("POST", "/obj/listing/bulk", "{\"n\":1}\n".repeat(1000), "text/plain; charset=utf-8",
                "Bearer " + emulator.apiKey());
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(emulator.objects("listing")).hasSize(1000);
    }

    @Test
    void requests_are_recorded_with_method_path_query_status_and_body() {
        String id = client.create("listing", "{\"name\":\"Loft\"}");
        client.search("listing", "[{\"key\":\"name\",\"constraint_type\":\"equals\",\"value\":\"Loft\"}]", "");

        assertThat(emulator.requests()).hasSize(2);
        RecordedRequest create = emulator.requests().get(0);
        assertThat(create).isEqualTo(new RecordedRequest("POST", "/obj/listing", null, 201, "{\"name\":\"Loft\"}"));
        RecordedRequest search = emulator.requests().get(1);
        assertThat(search.query()).isEqualTo("constraints=[{\"key\":\"name\",\"constraint_type\":\"equals\",\"value\":\"Loft\"}]");
        assertThat(emulator.insert("listing", Map.of("name", "seeded"))).matches(BUBBLE_ID).isNotEqualTo(id);
        assertThat(emulator.objects("listing")).hasSize(2);
        assertThat(emulator.requests()).hasSize(2);
    }

    @Test
    void only_the_latest_requests_are_kept() throws Exception {
        try (BubbleEmulator small = BubbleEmulator.start(EmulatorOptions.defaults().keepRequests(2))) {
            EmulatorClient smallClient = new EmulatorClient(small);
            for (int i = 1; i <= 3; i++) {
                smallClient.create("listing", "{\"n\":" + i + "}");
            }

            assertThat(small.requests()).extracting(RecordedRequest::body).containsExactly("{\"n\":2}", "{\"n\":3}");
            small.clearRequests();
            assertThat(small.requests()).isEmpty();
        }
    }

    private static Map<?, ?> readLine(String line) {
        try {
            return EmulatorClient.JSON.readValue(line, Map.class);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static List<String> ids(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        json(r).path("response").path("results").forEach(t -> out.add(t.path("_id").asText()));
        return out;
    }
}
