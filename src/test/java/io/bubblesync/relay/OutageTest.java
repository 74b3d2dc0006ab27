package io.bubblesync.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.support.ProductionLogging;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.RestartablePostgres;
import io.bubblesync.relay.support.Scrape;
import io.bubblesync.relay.support.Sink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database stopped or frozen (SIGSTOP on the test's own postgres processes) under a running relay: the
 * management port keeps answering at once, a pass cannot be held, rows are covered by their lease, and the
 * log says it in a few lines.
 */
class OutageTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    /** Every management call must be answered within 2 s: a slower answer fails the call. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Properties relay(RestartablePostgres pg) throws Exception {
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.db.url", pg.jdbcUrl());
        p.setProperty("sync.db.statement-timeout", "2s");
        p.setProperty("sync.db.socket-timeout", "3s");
        p.setProperty("sync.db.connect-timeout", "1s");
        p.setProperty("sync.health.sample-interval", "300ms");
        p.setProperty("sync.health.answer-within", "1s");
        try (ServerSocket s = new ServerSocket(0)) {
            p.setProperty("camel.management.enabled", "true");
            p.setProperty("camel.management.port", Integer.toString(s.getLocalPort()));
        }
        return p;
    }

    private static HttpResponse<String> call(Properties p, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.getProperty("camel.management.port") + path))
                .timeout(Duration.ofSeconds(2)).header("X-Bubble-Sync", "1").method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Ready, metrics, admin status, overview and doctor while the database is away: each within 2 s, saying why, with the last figures. */
    private static void assertAnswersWhileAway(Properties p, String cause) throws Exception {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> call(p, "GET", "/observe/health/ready?exposureLevel=full").statusCode() == 503);
        assertThat(call(p, "GET", "/observe/health/ready?exposureLevel=full").body()).contains(cause);
        Scrape metrics = new Scrape(call(p, "GET", "/observe/metrics").body());
        assertThat(metrics.value("sync_queue_rows", Map.of("state", "pending"))).as("last known figure").isEqualTo(3);
        assertThat(metrics.value("sync_database_up", Map.of())).isZero();
        assertThat(metrics.value("sync_queue_reading_age_seconds", Map.of())).isPositive();
        HttpResponse<String> status = call(p, "GET", "/admin/status");
        assertThat(status.statusCode()).isEqualTo(503);
        assertThat(status.body()).startsWith("{\"error\":\"database").doesNotContain("\n");
        assertThat(call(p, "POST", "/admin/pause").statusCode()).isEqualTo(503);
        HttpResponse<String> overview = call(p, "GET", "/admin/overview");
        assertThat(overview.statusCode()).isEqualTo(503);
        assertThat(overview.body()).startsWith("{\"error\":\"database").doesNotContain("\n");
        HttpResponse<String> doctor = call(p, "GET", "/admin/doctor");
        assertThat(doctor.statusCode()).isEqualTo(503);
        assertThat(doctor.body()).startsWith("{\"error\":\"database").doesNotContain("\n");
        assertThat(call(p, "GET", "/observe/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void health_metrics_and_admin_answer_within_two_seconds_while_the_database_is_stopped_and_while_it_is_frozen() throws Exception {
        try (RestartablePostgres pg = new RestartablePostgres()) {
            Properties p = relay(pg);
            try (RelayHarness relay = RelayHarness.start(p)) {
                for (int i = 0; i < 3; i++) {
                    relay.insert("t", "r" + i, "INSERT", "{}");
                }
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        new Scrape(call(p, "GET", "/observe/metrics").body()).value("sync_queue_rows", Map.of("state", "pending")) == 3);

                pg.stop();
                assertAnswersWhileAway(p, "database unreachable");
                pg.startAgain();
                await().atMost(Duration.ofSeconds(20)).until(() -> call(p, "GET", "/observe/health/ready").statusCode() == 200);
                assertThat(call(p, "GET", "/admin/status").statusCode()).isEqualTo(200);
                assertThat(call(p, "GET", "/admin/doctor").statusCode()).isEqualTo(200);

                pg.freeze();
                try {
                    assertAnswersWhileAway(p, "did not answer within 1 s");
                } finally {
                    pg.thaw();
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> call(p, "GET", "/observe/health/ready").statusCode() == 200);
                assertThat(new Scrape(call(p, "GET", "/observe/metrics").body()).value("sync_database_up", Map.of())).isEqualTo(1);
            }
        }
    }

    @Test
    void a_pass_on_a_frozen_database_ends_within_the_timeouts_and_its_rows_are_delivered_after_the_lease_with_the_same_keys() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}").withFixedDelay(300)));
        try (RestartablePostgres pg = new RestartablePostgres()) {
            Properties p = relay(pg);
            p.setProperty("camel.management.enabled", "false");
            p.setProperty("sync.lease", "4s"); // at least sync.http.timeout (1s) x 3
            try (RelayHarness relay = RelayHarness.start(p)) {
                for (int i = 0; i < 40; i++) {
                    relay.insert("t", "r" + i, "INSERT", "{\"n\":" + i + "}");
                }
                CompletableFuture<PassTally> pass = CompletableFuture.supplyAsync(() -> relay.pass("processor"));
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> !sink.getAllServeEvents().isEmpty());
                pg.freeze();
                long frozenAt = System.nanoTime();
                try {
                    // statement timeout 2 s, socket timeout 3 s: whatever the pass waits on gives up, and the pass ends
                    PassTally tally = pass.get(2 + 3 + 5, TimeUnit.SECONDS);
                    assertThat(tally.completed()).isLessThan(40);
                } finally {
                    pg.thaw();
                }
                System.out.printf("pass on a frozen database ended %d ms after the freeze%n", (System.nanoTime() - frozenAt) / 1_000_000);

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    relay.pass("processor");
                    relay.pass("retry");
                    return relay.count("status = 'completed'") == 40;
                });
                Map<String, String> keyById = new HashMap<>();
                for (var event : Sink.requests(sink)) {
                    for (JsonNode item : Sink.items(event)) {
                        String before = keyById.putIfAbsent(item.get("id").asText(), item.get("idempotency_key").asText());
                        assertThat(before == null || before.equals(item.get("idempotency_key").asText())).as("a repeat carries the same key").isTrue();
                    }
                }
                assertThat(keyById).hasSize(40);
                assertThat(relay.count("status <> 'completed'")).isZero();
            }
        }
    }

    @Test
    void a_thirty_second_outage_is_logged_in_a_handful_of_lines_without_stack_traces() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        try (RestartablePostgres pg = new RestartablePostgres()) {
            Properties p = relay(pg);
            p.setProperty("sync.wakeup.enabled", "true");
            try (RelayHarness relay = RelayHarness.start(p)) {
                relay.insert("t", "before", "INSERT", "{}");
                await().atMost(Duration.ofSeconds(10)).until(() -> relay.count("status = 'completed'") == 1);

                ByteArrayOutputStream console = new ByteArrayOutputStream();
                PrintStream original = System.out;
                System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
                try (ProductionLogging packaged = new ProductionLogging()) {
                    pg.stop();
                    // for 30 s passes keep being asked for, as the crons and run-now would, and readiness and metrics read
                    await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                        relay.pass("processor");
                        call(p, "GET", "/observe/health/ready");
                        call(p, "GET", "/observe/metrics");
                        return true;
                    });
                    pg.startAgain();
                    await().atMost(Duration.ofSeconds(20)).until(() -> call(p, "GET", "/observe/health/ready").statusCode() == 200);
                    relay.insert("t", "after", "INSERT", "{}");
                    await().atMost(Duration.ofSeconds(20)).until(() -> relay.count("status = 'completed'") == 2);
                } finally {
                    System.setOut(original);
                }
                List<String> lines = console.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
                System.out.println("log of the outage:\n" + String.join("\n", lines));
                List<String> outageLines = lines.stream().filter(l -> !l.contains("pass done")).toList();
                assertThat(outageLines).as("a handful of lines").hasSizeLessThanOrEqualTo(5);
                assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by") || l.matches("^\\s+at .*"));
                assertThat(String.join("\n", lines)).contains("database unreachable").containsPattern("reachable again after \\d+ s");
            }
        }
    }
}
