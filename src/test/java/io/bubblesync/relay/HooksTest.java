package io.bubblesync.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The hooks through the examples in examples/hooks/, loaded from sync.routes.extra-dir, with each route DSL. */
class HooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension sink = Sink.extension();
    @RegisterExtension
    static WireMockExtension webhook = Sink.extension();

    @TempDir
    Path extra;

    private RelayHarness relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    private RelayHarness relayWith(String dsl, String example) throws Exception {
        Files.copy(Path.of("examples/hooks", example), extra.resolve(example));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.routes.dsl", dsl);
        p.setProperty("sync.routes.extra-dir", extra.toString());
        p.setProperty("sync.alert.webhook-url", "http://127.0.0.1:" + webhook.getPort() + "/alert");
        relay = RelayHarness.start(p);
        return relay;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yaml", "java"})
    void enricher_changes_the_payload_the_endpoint_receives(String dsl) throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        relayWith(dsl, "enrich-before-send.camel.yaml");
        UUID id = relay.insert("profiles", "42", "UPDATE", "{\"name\":\"Ada\"}");

        relay.pass("processor");

        List<JsonNode> items = Sink.items(Sink.requests(sink).get(0));
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("payload").path("name").asText()).isEqualTo("Ada");
        assertThat(items.get(0).path("payload").path("synced_by").asText()).isEqualTo("bubble-sync");
        assertThat(relay.row(id)).containsEntry("status", "completed");
        assertThat(relay.row(id).get("payload").toString()).as("the row itself is left as it was").doesNotContain("synced_by");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yaml", "java"})
    void row_the_hook_skips_is_settled_as_skipped_with_the_reason_and_not_sent(String dsl) throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        relayWith(dsl, "enrich-before-send.camel.yaml");
        UUID test = relay.insert("profiles", "1", "INSERT", "{\"test\":true}");
        UUID real = relay.insert("profiles", "2", "INSERT", "{\"name\":\"Grace\"}");

        var tally = relay.pass("processor");

        assertThat(relay.row(test)).containsEntry("status", "skipped");
        assertThat(relay.row(test).get("processed_at")).isNotNull();
        assertThat(relay.row(test).get("bubble_response").toString()).contains("test row: not for Bubble");
        assertThat(relay.row(real)).containsEntry("status", "completed");
        List<ServeEvent> requests = Sink.requests(sink);
        assertThat(requests).hasSize(1);
        assertThat(Sink.items(requests.get(0))).extracting(i -> i.path("id").asText()).containsExactly(real.toString());
        assertThat(tally.skipped()).isEqualTo(1);
        assertThat(tally.completed()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yaml", "java"})
    void alert_hook_fires_once_per_permanent_failure_and_not_for_transient_ones(String dsl) throws Exception {
        webhook.stubFor(post(urlEqualTo("/alert")).willReturn(ok()));
        relayWith(dsl, "alert-on-failure.camel.yaml");
        UUID bad = relay.insert("profiles", "bad", "UPDATE", "{}");
        UUID flaky = relay.insert("profiles", "flaky", "UPDATE", "{}");
        UUID lastTry = relay.insert("profiles", "last", "UPDATE", "{}", 1);
        UUID ok = relay.insert("profiles", "ok", "UPDATE", "{}");
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("""
                {"results":[
                  {"id":"%s","status":"failed","error":"field 'email' is invalid","retryable":false},
                  {"id":"%s","status":"failed","error":"bubble busy","retryable":true},
                  {"id":"%s","status":"failed","error":"bubble busy","retryable":true},
                  {"id":"%s","status":"completed"}]}
                """.formatted(bad, flaky, lastTry, ok))));

        relay.pass("processor");

        assertThat(relay.row(flaky)).containsEntry("failure_kind", "transient");
        assertThat(relay.row(lastTry)).containsEntry("failure_kind", "exhausted");
        List<ServeEvent> alerts = webhook.getAllServeEvents();
        assertThat(alerts).hasSize(2);
        assertThat(alerts).allSatisfy(a -> assertThat(a.getRequest().getHeader("Authorization")).as("never the relay's key").isNull());
        List<JsonNode> bodies = alerts.stream().map(a -> read(a.getRequest().getBodyAsString())).toList();
        assertThat(bodies).extracting(b -> b.path("id").asText()).containsExactlyInAnyOrder(bad.toString(), lastTry.toString());
        JsonNode permanent = bodies.stream().filter(b -> b.path("id").asText().equals(bad.toString())).findFirst().orElseThrow();
        assertThat(permanent.path("failure_kind").asText()).isEqualTo("permanent");
        assertThat(permanent.path("table_name").asText()).isEqualTo("profiles");
        assertThat(permanent.path("record_id").asText()).isEqualTo("bad");
        assertThat(permanent.path("attempts").asInt()).isEqualTo(1);
        assertThat(permanent.path("error_message").asText()).contains("field 'email' is invalid");
        assertThat(permanent.path("text").asText()).contains("profiles/bad UPDATE failed permanently");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yaml", "java"})
    void after_settle_gets_the_settlements_and_after_pass_the_tally_and_the_pass_still_returns_its_tally(String dsl) throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        webhook.stubFor(post(urlEqualTo("/settled")).willReturn(ok()));
        webhook.stubFor(post(urlEqualTo("/pass")).willReturn(ok()));
        Files.writeString(extra.resolve("observe.camel.yaml"), """
                - route:
                    id: observe-settle
                    from:
                      uri: direct:hook-after-settle
                      steps:
                        - removeHeaders: {pattern: "*"}
                        - to: "http://127.0.0.1:%1$d/settled"
                - route:
                    id: observe-pass
                    from:
                      uri: direct:hook-after-pass
                      steps:
                        - removeHeaders: {pattern: "*"}
                        - to: "http://127.0.0.1:%1$d/pass"
                """.formatted(webhook.getPort()));
        relayWith(dsl, "enrich-before-send.camel.yaml");
        UUID a = relay.insert("profiles", "a", "INSERT", "{}");
        relay.insert("profiles", "b", "INSERT", "{}");

        var tally = relay.pass("processor");

        assertThat(tally.completed()).as("the pass's body is its tally again after the hook").isEqualTo(2);
        List<ServeEvent> settled = webhook.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/settled")).toList();
        assertThat(settled).hasSize(1);
        JsonNode settlements = read(settled.get(0).getRequest().getBodyAsString());
        assertThat(settlements).hasSize(2);
        assertThat(settlements.get(0).path("outcome").asText()).isEqualTo("completed");
        assertThat(settlements.get(0).path("table_name").asText()).isEqualTo("profiles");
        assertThat(settlements).extracting(n -> n.path("id").asText()).contains(a.toString());
        List<ServeEvent> passes = webhook.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/pass")).toList();
        assertThat(passes).hasSize(1);
        JsonNode passTally = read(passes.get(0).getRequest().getBodyAsString());
        assertThat(passTally.path("job").asText()).isEqualTo("processor");
        assertThat(passTally.path("claimed").asInt()).isEqualTo(2);
        assertThat(passTally.path("completed").asInt()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yaml", "java"})
    void failing_after_settle_hook_leaves_the_rows_settled(String dsl) throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Files.writeString(extra.resolve("broken-hook.camel.yaml"), """
                - route:
                    id: broken-hook
                    from:
                      uri: direct:hook-after-settle
                      steps:
                        - throwException:
                            exceptionType: java.lang.IllegalStateException
                            message: hook down
                """);
        relayWith(dsl, "enrich-before-send.camel.yaml");
        UUID id = relay.insert("profiles", "a", "INSERT", "{}");

        var tally = relay.pass("processor");

        assertThat(relay.row(id)).containsEntry("status", "completed");
        assertThat(tally.completed()).isEqualTo(1);
        assertThat(tally.unsettled()).isZero();
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
