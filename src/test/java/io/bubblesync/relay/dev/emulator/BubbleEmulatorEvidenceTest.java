package io.bubblesync.relay.dev.emulator;

import static io.bubblesync.relay.dev.emulator.EmulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The emulator answers as Bubble's sources show (shared/notes/bubble-and-supabase.md §1b): the bulk answer's
 * readings, Bubble's texts, the Swagger file, Retry-After only when asked for.
 */
class BubbleEmulatorEvidenceTest extends EmulatorTest {
    private HttpResponse<String> bulk(String type, String body) {
        return client.send("POST", "/obj/" + type + "/bulk", body, "text/plain", "Bearer " + emulator.apiKey());
    }

    private static List<JsonNode> lines(HttpResponse<String> r) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n", -1)) {
            out.add(EmulatorClient.JSON.valueToTree(readTree(line)));
        }
        return out;
    }

    private static JsonNode readTree(String line) {
        try {
            return EmulatorClient.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    @Test
    void bulk_answers_lines_joined_by_newline_without_a_trailing_one_and_a_bad_line_says_could_not_parse() throws Exception {
        start(EmulatorOptions.defaults());

        HttpResponse<String> r = bulk("listing", "{\"n\":1}\nnot json\n{\"n\":3}");

        assertThat(r.statusCode()).as("the guide's reading: a mixed answer is a normal reply").isEqualTo(200);
        assertThat(r.body()).doesNotEndWith("\n");
        List<JsonNode> lines = lines(r);
        assertThat(lines).extracting(l -> l.path("status").asText()).containsExactly("success", "error", "success");
        assertThat(lines.get(1).path("message").asText()).isEqualTo("Could not parse as JSON: not json");
    }

    @Test
    void in_the_400_mode_an_answer_holding_an_error_line_is_a_400_with_every_line() throws Exception {
        start(EmulatorOptions.defaults().bulkErrorsAs400(true).declaredFields("listing", "n:number"));

        HttpResponse<String> mixed = bulk("listing", "{\"n\":1}\n{\"n\":\"many\"}\n{\"n\":3}");
        HttpResponse<String> clean = bulk("listing", "{\"n\":4}\n{\"n\":5}");

        assertThat(mixed.statusCode()).isEqualTo(400);
        assertThat(lines(mixed)).extracting(l -> l.path("status").asText()).containsExactly("success", "error", "success");
        assertThat(lines(mixed).get(1).path("message").asText()).isEqualTo("Invalid data for field n: could not parse this as a number");
        assertThat(clean.statusCode()).isEqualTo(200);
        assertThat(emulator.objects("listing")).hasSize(4);
        emulator.bulk().errorAs400(false);
        assertThat(bulk("listing", "{\"n\":1}\n{\"x\":1}").statusCode()).isEqualTo(200);
    }

    @Test
    void in_the_every_newline_mode_a_trailing_newline_is_an_empty_line_and_an_error_line() throws Exception {
        start(EmulatorOptions.defaults());
        assertThat(lines(bulk("listing", "{\"n\":1}\n{\"n\":2}\n"))).as("by default a trailing newline is no line").hasSize(2);

        emulator.bulk().everyNewlineALine(true);
        HttpResponse<String> r = bulk("listing", "{\"n\":1}\n{\"n\":2}\n");

        List<JsonNode> lines = lines(r);
        assertThat(lines).extracting(l -> l.path("status").asText()).containsExactly("success", "success", "error");
        assertThat(lines.get(2).path("message").asText()).isEqualTo("Could not parse as JSON: ");
        assertThat(emulator.objects("listing")).hasSize(4);
    }

    @Test
    void lines_after_the_first_n_are_marked_not_reached_and_not_created() throws Exception {
        start(EmulatorOptions.defaults().bulkReachOnly(2));

        List<JsonNode> lines = lines(bulk("listing", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n{\"n\":5}"));

        assertThat(lines).extracting(l -> l.path("status").asText()).containsExactly("success", "success", "error", "error", "error");
        assertThat(lines.get(4).path("message").asText()).isEqualTo(BulkCreate.NOT_REACHED);
        assertThat(emulator.objects("listing")).hasSize(2);
        emulator.bulk().reachOnly(-1);
        assertThat(lines(bulk("listing", "{\"n\":6}\n{\"n\":7}\n{\"n\":8}"))).allMatch(l -> l.path("status").asText().equals("success"));
    }

    @Test
    void the_swagger_file_describes_each_declared_type_with_its_writable_fields_and_needs_no_key() throws Exception {
        start(EmulatorOptions.defaults().declaredFields("listing", "Name:text", "Price:number", "Open:yes_no", "From:date",
                "Tags:list", "Note").declaredFields("bookings-stays", "guests:number"));

        HttpResponse<String> r = client.send("GET", "/meta/swagger.json", null, null, null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode file = json(r);
        assertThat(file.path("swagger").asText()).isEqualTo("2.0");
        assertThat(file.path("paths").has("/obj/listing")).isTrue();
        assertThat(file.path("paths").has("/obj/bookings-stays")).isTrue();
        assertThat(file.path("paths").has("/obj/listing/{UniqueID}")).isTrue();
        JsonNode body = file.path("definitions").path("listingBody").path("properties");
        assertThat(body.fieldNames()).toIterable().containsExactly("Name", "Price", "Open", "From", "Tags", "Note");
        assertThat(body.path("Price").path("type").asText()).isEqualTo("number");
        assertThat(body.path("Open").path("type").asText()).isEqualTo("boolean");
        assertThat(body.path("From").path("format").asText()).isEqualTo("date-time");
        assertThat(body.path("Tags").path("type").asText()).isEqualTo("array");
        assertThat(body.path("Note").has("type")).isFalse();
        JsonNode all = file.path("definitions").path("listing").path("properties");
        assertThat(all.has("_id") && all.has("Created Date") && all.has("Name")).isTrue();
        assertThat(body.has("_id")).as("generated fields are not writable").isFalse();
        assertThat(emulator.swaggerReads()).isEqualTo(1);
        assertThat(emulator.requests()).as("counted apart from the Data API's requests").isEmpty();
        assertThat(client.send("GET", "/meta/swagger.json", null, null, "Bearer wrong").statusCode())
                .as("a wrong key sent anyway is refused").isEqualTo(401);

        emulator.publishSwagger(false);
        assertThat(client.send("GET", "/meta/swagger.json", null, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void without_declared_types_there_is_no_swagger_file_and_meta_answers_with_the_key() throws Exception {
        start(EmulatorOptions.defaults());

        assertThat(client.send("GET", "/meta/swagger.json", null, null, null).statusCode()).isEqualTo(404);
        assertThat(client.send("GET", "/meta", null).statusCode()).isEqualTo(200);
        assertThat(client.send("GET", "/meta", null, null, "Bearer nope").statusCode()).isEqualTo(401);
    }

    @Test
    void a_list_constraint_on_a_text_field_is_constraint_type_not_found() throws Exception {
        start(EmulatorOptions.defaults().declaredFields("rentalunit", "unit_name_text:text", "tags:list"));

        HttpResponse<String> r = client.search("rentalunit", "[{\"key\":\"unit_name_text\",\"constraint_type\":\"contains\",\"value\":\"a\"}]", "");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("body").path("message").asText())
                .isEqualTo("Constraint type not found contains for field unit_name_text and type rentalunit");
        assertThat(client.search("rentalunit", "[{\"key\":\"tags\",\"constraint_type\":\"not empty\"}]", "").statusCode()).isEqualTo(200);
    }

    @Test
    void the_rate_limits_429_carries_no_retry_after_unless_asked_for() throws Exception {
        start(EmulatorOptions.defaults().rateLimitPerMinute(1));
        client.create("listing", "{\"n\":1}");

        HttpResponse<String> r = client.send("POST", "/obj/listing", "{\"n\":2}");

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
    }
}
