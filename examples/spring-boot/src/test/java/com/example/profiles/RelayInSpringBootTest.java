package com.example.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay as a Spring Boot application gets it: auto-configured into Spring's CamelContext with Spring's
 * DataSource (a real PostgreSQL 15, embedded), delivering to bubble_sync on loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class RelayInSpringBootTest {
    private static final String KEY = "spring-test-service-role-key-7d2e";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BubbleSyncStub bubbleSync;

    @Autowired
    ProfileChanges profileChanges;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void hostSettings(DynamicPropertyRegistry registry) throws IOException {
        bubbleSync = BubbleSyncStub.start();
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("sync.endpoint.url", bubbleSync::url);
        registry.add("sync.endpoint.token", () -> KEY);
    }

    @AfterAll
    static void stopEndpoint() {
        bubbleSync.close();
    }

    @Test
    void a_row_queued_by_the_applications_own_code_is_delivered_and_settled(CapturedOutput output) {
        String id = profileChanges.updated("42", Map.of("name", "Ada"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT status FROM sync_queue WHERE id = ?::uuid", String.class, id))
                        .isEqualTo("completed"));
        assertThat(jdbc.queryForObject("SELECT bubble_response->>'bubble_id' FROM sync_queue WHERE id = ?::uuid", String.class, id))
                .isEqualTo("b-1");
        BubbleSyncStub.Call call = bubbleSync.calls().get(0);
        assertThat(call.authorization()).isEqualTo("Bearer " + KEY);
        JsonNode item = call.body().path("payload").path("items").get(0);
        assertThat(item.path("record_id").asText()).isEqualTo("42");
        assertThat(item.path("payload").path("name").asText()).isEqualTo("Ada");
        assertThat(camel.getRoute("pass")).as("the relay's routes run in Spring's CamelContext").isNotNull();
        assertThat(camel.getRoute("admin-status")).as("no admin routes: no server of the relay's own").isNull();
        Counter settled = meters.find("sync_items_settled").tag("outcome", "completed").counter();
        assertThat(settled).as("the relay's meters are in Spring's registry").isNotNull();
        assertThat(settled.count()).isGreaterThanOrEqualTo(1);
        assertThat(output.getAll()).as("the key is never logged").contains("bubble-sync relay installed").doesNotContain(KEY);
    }

    @Test
    void actuator_health_shows_the_relays_database_and_backlog_checks() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode camelHealth = health().path("components").path("camelHealth");
            assertThat(camelHealth.path("details").path("database").asText()).as("%s", camelHealth).isEqualTo("UP");
            assertThat(camelHealth.path("details").path("backlog").asText()).as("%s", camelHealth).isEqualTo("UP");
            assertThat(camelHealth.path("status").asText()).as("%s", camelHealth).isEqualTo("UP");
        });
        assertThat(health().toString()).doesNotContain(KEY);
    }

    private JsonNode health() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
