package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Swagger file as Bubble generates it (notes §1b), and what is not one. */
class BubbleSchemaParsingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void types_come_from_the_obj_paths_and_writable_fields_from_the_body_definitions() throws Exception {
        String file = "{\"swagger\":\"2.0\",\"paths\":{\"/obj/rentalunit\":{},\"/obj/rentalunit/{UniqueID}\":{},\"/obj/rentalunit/bulk\":{},"
                + "\"/obj/bookings-stays/{UniqueID}\":{},\"/wf/send\":{}},\"definitions\":{"
                + "\"rentalunit\":{\"properties\":{\"_id\":{\"type\":\"string\"},\"Unit name\":{\"type\":\"string\"}}},"
                + "\"rentalunitBody\":{\"properties\":{\"Unit name\":{\"type\":\"string\"},\"Unit number\":{\"type\":\"integer\"},"
                + "\"Available from\":{\"type\":\"string\",\"format\":\"date-time\"},\"Owner\":{\"$ref\":\"#/definitions/user\"}}}}}";

        BubbleSchema schema = BubbleSchema.of(JSON.readTree(file), Instant.EPOCH);

        assertThat(schema.present()).isTrue();
        assertThat(schema.types()).containsExactly("bookings-stays", "rentalunit");
        assertThat(schema.writableFields("rentalunit")).hasValueSatisfying(f -> {
            assertThat(f).containsOnlyKeys("Unit name", "Unit number", "Available from", "Owner");
            assertThat(f.get("Unit number").fits(JSON.getNodeFactory().textNode("12"))).isTrue();
            assertThat(f.get("Unit number").fits(JSON.getNodeFactory().textNode("twelve"))).isFalse();
            assertThat(f.get("Available from").fits(JSON.getNodeFactory().textNode("2026-11-28T10:00:00+00:00"))).isTrue();
            assertThat(f.get("Available from").fits(JSON.getNodeFactory().textNode("Tuesday"))).isFalse();
            assertThat(f.get("Owner").fits(JSON.getNodeFactory().textNode("1x2"))).as("a reference: not judged").isTrue();
        });
        assertThat(schema.writableFields("bookings-stays")).as("no Body: fields unknown, nothing dropped").isEmpty();
    }

    @Test
    void an_answer_that_is_not_a_swagger_file_counts_as_absent() throws Exception {
        assertThat(BubbleSchema.of(JSON.readTree("{\"get\":[]}"), Instant.EPOCH).present()).isFalse();
        assertThat(BubbleSchema.of(JSON.readTree("[1,2]"), Instant.EPOCH).present()).isFalse();
        assertThat(BubbleSchema.of(null, Instant.EPOCH).present()).isFalse();
    }

    @Test
    void an_html_page_instead_of_the_file_is_absent_with_the_reason_and_no_key_is_sent() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        List<String> authorizations = new CopyOnWriteArrayList<>();
        server.createContext("/api/1.1/meta/swagger.json", http -> {
            try (http) {
                authorizations.add(String.valueOf(http.getRequestHeaders().getFirst("Authorization")));
                byte[] page = "<html>Bubble: page not found</html>".getBytes(StandardCharsets.UTF_8);
                http.sendResponseHeaders(200, page.length);
                http.getResponseBody().write(page);
            }
        });
        server.start();
        try {
            BubbleSchemaSource source = new BubbleSchemaSource("http://127.0.0.1:" + server.getAddress().getPort() + "/api/1.1/",
                    Duration.ofSeconds(5), Clock.systemUTC());
            source.refresh();

            assertThat(source.current().present()).isFalse();
            assertThat(source.current().absence()).isEqualTo("HTTP 200, but not JSON");
            assertThat(authorizations).containsExactly("null");
        } finally {
            server.stop(0);
        }
    }
}
