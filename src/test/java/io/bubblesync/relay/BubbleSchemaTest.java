package io.bubblesync.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.bubble.BubbleSchemaSource;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.ops.doctor.Doctor;
import io.bubblesync.relay.support.Browser;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.CapturedLogs;
import io.bubblesync.relay.support.ManagementPort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * sync.target=bubble: Bubble's own description of the app (its Swagger file, notes §1b), read at start-up and every
 * sync.bubble.schema-refresh; doctor checks the tables the relay will write against it; sync.bubble.unknown-fields.
 */
class BubbleSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static BubbleFixture start(Map<String, String> settings) throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY)
                .declaredFields("listing", "Name:text", "Price:number", "supabase_id:text").declaredFields("user", "email:text", "name:text"));
        Properties p = BubbleFixture.defaults(bubble);
        settings.forEach(p::setProperty);
        return BubbleFixture.start(bubble, p);
    }

    private static String doctor(BubbleFixture f) {
        return new Doctor(f.relay.settings(), f.relay.dataSource()).examine(false).text();
    }

    @Test
    void doctor_names_a_mapped_field_the_swagger_file_lacks_an_unexposed_type_and_a_value_that_cannot_fit() throws Exception {
        try (BubbleFixture f = start(Map.of())) {
            f.relay.update("UPDATE sync_config SET field_mapping = field_mapping || '{\"colour\":\"Colour\"}' WHERE supabase_table = 'listing'");
            f.insertListing("D-1", "Loft", 120);
            f.relay.insert("listing", "D-2", "UPDATE", "{\"title\":\"x\",\"price\":\"cheap-and-cheerful\",\"active\":true}");
            f.relay.update("CREATE TABLE ghostt (_id text PRIMARY KEY, bubble_id text)");
            f.relay.insert("ghostt", "g-1", "DELETE", null);

            String report = doctor(f);

            assertThat(report).contains("✔ bubble schema: Swagger file at " + f.bubble.baseUrl() + "/meta/swagger.json lists 2 type(s): listing, user");
            assertThat(report).contains("✖ bubble type (listing): table 'listing': column 'colour' (as Bubble field 'Colour') is sent to type"
                    + " 'listing', which has no writable field 'Colour'; Bubble refuses such rows (\"Unrecognized field: Colour\") — fix: map the"
                    + " column to a field of 'listing' in sync_config.field_mapping, leave it out with sync_config.excluded_fields, or add the"
                    + " field 'Colour' to the type in Bubble");
            assertThat(report).contains("✖ bubble type (listing): table 'listing': column 'active' is sent to type 'listing', which has no writable field 'active'");
            assertThat(report).contains("⚠ bubble type (listing): table 'listing': column 'price' (as Bubble field 'Price') holds text values,"
                    + " but field 'Price' of type 'listing' is number");
            assertThat(report).contains("✖ bubble type (ghostt): table 'ghostt' is written to Bubble type 'ghostt', which the Swagger file does not list");
            assertThat(report).doesNotContain("owner_email").doesNotContain("password_hash").as("excluded, secret: never sent")
                    .doesNotContain("cheap-and-cheerful").as("values are not printed").doesNotContain(BubbleFixture.KEY);
        }
    }

    @Test
    void doctor_passes_a_table_whose_fields_all_exist_and_checks_signup_users_by_their_columns() throws Exception {
        try (BubbleFixture f = start(Map.of())) {
            f.insertListing("D-3", "Loft", 120);
            UUID user = UUID.randomUUID();
            f.relay.update("INSERT INTO \"user\" (_id, email, name) VALUES (?, 'a@b.io', 'Ann')", user);
            f.relay.insert("SIGNUP_ATOMIC", user.toString(), "SIGNUP_ATOMIC", "{\"user_id\":\"" + user + "\"}");

            String report = doctor(f);

            assertThat(report).contains("✔ bubble type (listing): table 'listing' → type 'listing': 2 field(s) sent, all writable");
            assertThat(report).contains("✔ bubble type (user): table 'user' → type 'user': 2 field(s) sent, all writable");
            assertThat(report).doesNotContain("access_token");
        }
    }

    @Test
    void doctor_warns_with_how_to_publish_it_when_there_is_no_swagger_file() throws Exception {
        try (BubbleFixture f = start(Map.of())) {
            f.bubble.publishSwagger(false);

            String report = doctor(f);

            assertThat(report).contains("⚠ bubble schema: no Swagger file at " + f.bubble.baseUrl() + "/meta/swagger.json (HTTP 404)")
                    .contains("Hide Swagger API documentation access").contains("Enable Data API");
        }
    }

    @Test
    void unknown_fields_fail_is_a_permanent_failure_naming_the_field_and_the_fixes() throws Exception {
        try (BubbleFixture f = start(Map.of())) {
            UUID row = f.relay.insert("listing", "F-1", "INSERT", "{\"title\":\"x\",\"active\":true}");
            f.relay.update("INSERT INTO listing (_id, title) VALUES ('F-1', 'x')");

            f.relay.pass("processor");

            assertThat(f.relay.row(row).get("failure_kind")).isEqualTo("permanent");
            assertThat((String) f.relay.row(row).get("error_message")).contains("Unrecognized field: active")
                    .contains("field_mapping").contains("excluded_fields").contains("sync.bubble.unknown-fields=drop");
        }
    }

    @Test
    void unknown_fields_drop_delivers_the_row_without_the_field_and_reports_it_once_in_the_log_doctor_and_dashboard() throws Exception {
        Properties admin = ManagementPort.enable(new Properties());
        try (CapturedLogs logs = new CapturedLogs();
             BubbleFixture f = start(Map.of("sync.bubble.unknown-fields", "drop", "camel.management.enabled", "true",
                     "camel.management.port", admin.getProperty("camel.management.port")));
             Browser browser = Browser.start()) {
            List<UUID> rows = new ArrayList<>();
            for (String id : List.of("U-1", "U-2", "U-3")) {
                f.relay.update("INSERT INTO listing (_id, title) VALUES (?, 'x')", id);
                rows.add(f.relay.insert("listing", id, "INSERT", "{\"title\":\"Loft " + id + "\",\"price\":1,\"active\":true}"));
            }

            f.relay.pass("processor");

            for (UUID row : rows) {
                assertThat(f.relay.row(row).get("status")).isEqualTo("completed");
            }
            assertThat(f.bubble.objects("listing")).hasSize(3).allSatisfy(o -> assertThat(o).containsKey("Name").doesNotContainKey("active"));
            assertThat(logs.text().lines().filter(l -> l.contains("has no writable field 'active'")).count()).as("once per type and field").isEqualTo(1);
            JsonNode overview = JSON.readTree(ManagementPort.call(admin, "GET", "/admin/overview", null).body());
            assertThat(overview.path("bubble").path("unknown_fields").asText()).isEqualTo("drop");
            assertThat(overview.path("bubble").path("dropped_fields").toString()).contains("\"type\":\"listing\"").contains("\"field\":\"active\"");
            assertThat(doctor(f)).contains("⚠ bubble type (listing): table 'listing': column 'active' is sent to type 'listing', which has"
                    + " no writable field 'active'; left out of every call (sync.bubble.unknown-fields=drop)");
            browser.open(ManagementPort.url(admin, "/dashboard?refresh=1"));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                    assertThat(browser.text("[data-dropped='listing.active']")).isEqualTo("active"));
            assertThat(browser.text("#bubble-swagger")).contains("2 type(s)").contains("drop");
        }
    }

    @Test
    void the_swagger_file_is_read_at_start_up_and_every_schema_refresh_and_its_absence_is_fine() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY).publishSwagger(false));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.schema-refresh", "1s");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            BubbleSchemaSource schema = f.relay.context().getRegistry().lookupByNameAndType("bubbleSchema", BubbleSchemaSource.class);
            assertThat(bubble.swaggerReads()).as("read at start-up").isGreaterThanOrEqualTo(1);
            assertThat(schema.current().present()).isFalse();
            UUID row = f.insertListing("R-1", "fine", 1);
            f.relay.pass("processor");
            assertThat(f.relay.row(row).get("status")).as("no Swagger file: delivery as usual").isEqualTo("completed");

            bubble.declareFields("listing", List.of("Name", "Price:number"));
            bubble.publishSwagger(true);

            await().atMost(Duration.ofSeconds(15)).until(() -> schema.current().present());
            assertThat(schema.current().exposes("listing")).isTrue();
            assertThat(bubble.swaggerReads()).isGreaterThanOrEqualTo(2);
            assertThat(bubble.requests()).as("the Swagger file is not a Data API request").allMatch(r -> r.path().startsWith("/obj/"));
        }
    }

    @Test
    void a_bubble_that_never_answers_the_swagger_file_delays_start_up_by_at_most_the_first_reads_bound() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (Exception closed) {
                    // done
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
            Properties p = BubbleFixture.defaults(bubble);
            p.setProperty("bubble.api.url", "http://127.0.0.1:" + silent.getLocalPort() + "/api/1.1");
            p.setProperty("sync.http.timeout", "20s");
            p.setProperty("sync.lease", "5m");
            long started = System.nanoTime();
            try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).as("the first read waits at most 5 s, not sync.http.timeout").isLessThan(Duration.ofSeconds(15));
                BubbleSchemaSource schema = f.relay.context().getRegistry().lookupByNameAndType("bubbleSchema", BubbleSchemaSource.class);
                assertThat(schema.current().present()).isFalse();
            }
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
