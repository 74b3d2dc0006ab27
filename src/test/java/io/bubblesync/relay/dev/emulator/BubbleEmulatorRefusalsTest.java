package io.bubblesync.relay.dev.emulator;

import static io.bubblesync.relay.dev.emulator.EmulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the emulator refuses, and the faults it injects: key, privacy, field rules, rate limit, 503, latency, lost answers. */
class BubbleEmulatorRefusalsTest extends EmulatorTest {
    @Test
    void missing_or_wrong_key_answers_401_in_bubbles_unauthorized_shape_echoing_a_wrong_token() throws Exception {
        start(EmulatorOptions.defaults().apiKey("right-key").declaredFields("listing", "name"));

        for (String authorization : new String[] {null, "Bearer wrong-key", "right-key"}) {
            HttpResponse<String> r = client.send("POST", "/obj/listing", "{\"name\":\"A\"}", "application/json", authorization);

            assertThat(r.statusCode()).isEqualTo(401);
            assertUnauthorizedShape(json(r));
        }
        HttpResponse<String> wrong = client.send("POST", "/obj/ghost", "{}", "application/json", "Bearer wrong-key");
        assertThat(json(wrong).path("translation").asText()).as("the key is checked first, and echoed")
                .isEqualTo("Invalid or expired token: wrong-key");
        assertThat(emulator.objects("listing")).isEmpty();
        assertThat(client.send("POST", "/obj/listing", "{\"name\":\"A\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void a_refused_type_answers_401_for_that_type_only_until_allowed() throws Exception {
        start(EmulatorOptions.defaults().refuseType("user"));

        HttpResponse<String> r = client.send("POST", "/obj/user", "{\"name\":\"Ann\"}");

        assertThat(r.statusCode()).isEqualTo(401);
        assertUnauthorizedShape(json(r));
        assertThat(json(r).path("translation").asText()).isEqualTo("Permission denied: cannot create this object");
        String id = emulator.insert("user", java.util.Map.of("name", "Bo"));
        assertThat(json(client.send("PATCH", "/obj/user/" + id, "{\"name\":\"B\"}")).path("translation").asText())
                .isEqualTo("You do not have permission to modify this object");
        assertThat(json(client.send("DELETE", "/obj/user/" + id, null)).path("translation").asText())
                .isEqualTo("You do not have permission to delete this object");
        assertThat(client.send("POST", "/obj/listing", "{\"name\":\"A\"}").statusCode()).isEqualTo(201);
        emulator.allowType("user");
        assertThat(client.send("POST", "/obj/user", "{\"name\":\"Ann\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void read_only_fields_are_refused_with_400() throws Exception {
        start(EmulatorOptions.defaults());
        String id = client.create("listing", "{\"name\":\"A\"}");

        for (String field : FieldRules.READ_ONLY) {
            HttpResponse<String> r = client.send("PATCH", "/obj/listing/" + id, "{\"" + field + "\":\"x\"}");

            assertThat(r.statusCode()).as(field).isEqualTo(400);
            assertEnvelope(json(r), 400, "INVALID_DATA");
            assertThat(json(r).path("body").path("message").asText()).contains(field);
        }
    }

    @Test
    void declared_fields_refuse_unknown_fields_and_values_they_cannot_parse() throws Exception {
        start(EmulatorOptions.defaults().declaredFields("listing", "name", "price:number", "check in day:date"));

        HttpResponse<String> unknown = client.send("POST", "/obj/listing", "{\"name\":\"A\",\"pending\":true}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertEnvelope(json(unknown), 400, "ERROR");
        assertThat(json(unknown).path("body").path("message").asText()).isEqualTo("Unrecognized field: pending");

        HttpResponse<String> invalid = client.send("POST", "/obj/listing", "{\"check in day\":\"Tuesday\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertEnvelope(json(invalid), 400, "INVALID_DATA");
        assertThat(json(invalid).path("body").path("message").asText()).startsWith("Invalid data for field check in day");

        assertThat(client.send("POST", "/obj/listing", "{\"name\":\"A\",\"price\":\"12.5\",\"check in day\":\"2026-11-28T10:00:00Z\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> undeclared = client.send("POST", "/obj/user", "{\"anything\":1}");
        assertEnvelope(json(undeclared), 404, "NOT_FOUND");
        assertThat(json(undeclared).path("body").path("message").asText()).as("once types are declared").isEqualTo("Type not found user");
        for (String[] call : new String[][] {{"PATCH", "/obj/user/1x1"}, {"DELETE", "/obj/user/1x1"}, {"GET", "/obj/user"}}) {
            assertThat(json(client.send(call[0], call[1], call[0].equals("PATCH") ? "{}" : null)).path("body").path("message").asText())
                    .as(call[0]).isEqualTo("Type not found user");
        }
        HttpResponse<String> search = client.search("listing", "[{\"key\":\"colour\",\"constraint_type\":\"equals\",\"value\":1}]", "");
        assertEnvelope(json(search), 404, "NOT_FOUND");
        assertThat(emulator.objects("listing")).hasSize(1);
    }

    @Test
    void a_list_over_200_entries_is_list_too_long_and_a_non_object_body_is_400() throws Exception {
        start(EmulatorOptions.defaults());

        HttpResponse<String> tooLong = client.send("POST", "/obj/listing", "{\"tags\":[" + "1,".repeat(200) + "1]}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertEnvelope(json(tooLong), 400, "LIST_TOO_LONG");
        assertThat(client.send("POST", "/obj/listing", "{\"tags\":[" + "1,".repeat(199) + "1]}").statusCode()).isEqualTo(201);

        for (String body : new String[] {"[1,2]", "\"text\"", "not json", ""}) {
            HttpResponse<String> r = client.send("POST", "/obj/listing", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertEnvelope(json(r), 400, "ERROR");
        }
        assertThat(emulator.objects("listing")).hasSize(1);
    }

    @Test
    void over_the_rate_limit_answers_429_with_retry_after_when_asked_for_and_counts_it() throws Exception {
        start(EmulatorOptions.defaults().rateLimitPerMinute(3).retryAfter(true));

        client.create("listing", "{\"n\":1}");
        client.send("POST", "/obj/listing/bulk", "{\"n\":2}\n{\"n\":3}\n", "text/plain", "Bearer " + emulator.apiKey());
        client.send("GET", "/obj/listing", null);
        HttpResponse<String> r = client.send("POST", "/obj/listing", "{\"n\":4}");

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(
                s -> assertThat(Integer.parseInt(s)).isBetween(1, 60));
        assertThat(emulator.objects("listing")).hasSize(3);
        assertThat(emulator.maxRequestsInAnyMinute()).isEqualTo(3);
        assertThat(emulator.tooManyRequestsSent()).isEqualTo(1);
        emulator.rateLimitPerMinute(0);
        assertThat(client.send("POST", "/obj/listing", "{\"n\":5}").statusCode()).isEqualTo(201);
        assertThat(emulator.maxRequestsInAnyMinute()).isEqualTo(4);
    }

    @Test
    void injected_429s_carry_the_given_retry_after() throws Exception {
        start(EmulatorOptions.defaults());
        emulator.tooManyRequestsNext(1, 7);

        HttpResponse<String> r = client.send("POST", "/obj/listing", "{\"n\":1}");

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(emulator.tooManyRequestsSent()).isEqualTo(1);
        assertThat(client.send("POST", "/obj/listing", "{\"n\":1}").statusCode()).isEqualTo(201);
        emulator.tooManyRequestsNext(1, -1);
        HttpResponse<String> bare = client.send("POST", "/obj/listing", "{\"n\":1}");
        assertThat(bare.statusCode()).isEqualTo(429);
        assertThat(bare.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void failure_rate_answers_503_and_applies_nothing() throws Exception {
        start(EmulatorOptions.defaults().failureRate(1.0));

        HttpResponse<String> r = client.send("POST", "/obj/listing", "{\"n\":1}");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(emulator.objects("listing")).isEmpty();
        emulator.failureRate(0).failNextRequests(1);
        assertThat(client.send("POST", "/obj/listing", "{\"n\":1}").statusCode()).isEqualTo(503);
        assertThat(client.send("POST", "/obj/listing", "{\"n\":1}").statusCode()).isEqualTo(201);
    }

    @Test
    void a_dropped_answer_still_applies_the_write() throws Exception {
        start(EmulatorOptions.defaults().dropNextAnswers(1));

        Exception lost = client.sendExpectingNoAnswer("POST", "/obj/listing", "{\"name\":\"once\"}");

        assertThat(lost).isNotNull();
        assertThat(emulator.objects("listing")).extracting(o -> o.get("name")).containsExactly("once");
        assertThat(emulator.requests()).singleElement().satisfies(r -> assertThat(r.dropped()).isTrue());
        assertThat(client.send("POST", "/obj/listing", "{\"name\":\"twice\"}").statusCode()).isEqualTo(201);
        emulator.dropAnswers(1.0);
        String id = (String) emulator.objects("listing").get(0).get("_id");
        client.sendExpectingNoAnswer("PATCH", "/obj/listing/" + id, "{\"name\":\"patched\"}");
        assertThat(emulator.object("listing", id)).get().satisfies(o -> assertThat(o).containsEntry("name", "patched"));
    }

    @Test
    void latency_delays_every_answer() throws Exception {
        start(EmulatorOptions.defaults().latency(Duration.ofMillis(300)));

        long started = System.nanoTime();
        client.send("GET", "/obj/listing", null);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void a_path_outside_the_data_api_answers_404_not_found() throws Exception {
        start(EmulatorOptions.defaults());

        HttpResponse<String> workflow = client.send("POST", "/wf/signup", "{}");
        HttpResponse<String> tooDeep = client.send("GET", "/obj/listing/1/2", null);

        assertEnvelope(json(workflow), 404, "NOT_FOUND");
        assertEnvelope(json(tooDeep), 404, "NOT_FOUND");
        assertThat(workflow.statusCode()).isEqualTo(404);
    }

    @Test
    void close_stops_the_server() throws Exception {
        start(EmulatorOptions.defaults());
        client.create("listing", "{}");

        emulator.close();

        assertThatThrownBy(() -> client.send("GET", "/obj/listing", null)).isInstanceOf(UncheckedIOException.class);
    }

    private static void assertUnauthorizedShape(JsonNode body) {
        assertThat(body.path("error_class").asText()).isEqualTo("Unauthorized");
        assertThat(body.path("args").path("code").asText()).isNotEmpty();
        assertThat(body.has("message")).isTrue();
        assertThat(body.get("message").isNull()).isTrue();
        assertThat(body.path("translation").asText()).isNotEmpty();
    }

    private static void assertEnvelope(JsonNode body, int status, String keyword) {
        assertThat(body.path("statusCode").asInt()).isEqualTo(status);
        assertThat(body.path("body").path("status").asText()).isEqualTo(keyword);
        assertThat(body.path("body").path("message").asText()).isNotEmpty();
    }
}
