package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Scrape;
import io.bubblesync.relay.support.Sink;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service-role key, the relay's timeouts and its breaker/metrics feed belong to the relay's own calls to
 * bubble_sync: a user's route in the same CamelContext calling another endpoint gets none of them.
 */
class KeyScopeTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();
    @RegisterExtension
    static WireMockExtension webhook = Sink.extension();

    @Test
    void a_users_route_in_the_relays_context_gets_no_key_no_relay_timeout_and_no_breaker_feed(@TempDir Path dir) throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        // 503s that would open the relay's breaker (window 4) if the relay counted them
        webhook.stubFor(any(urlPathEqualTo("/hooks/slack-like")).willReturn(aResponse().withStatus(503)));
        webhook.stubFor(any(urlPathEqualTo("/hooks/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(4_000)));
        String hook = "http://127.0.0.1:" + webhook.getPort() + "/hooks";
        Properties p = withUserRoutes(dir, """
                - route:
                    id: user-webhook
                    from:
                      uri: direct:user-webhook
                      steps:
                        - to: "%1$s/slack-like?throwExceptionOnFailure=false"
                - route:
                    id: user-slow
                    from:
                      uri: direct:user-slow
                      steps:
                        - to: "%1$s/slow?responseTimeout=300"
                - route:
                    id: user-misdirected
                    from:
                      uri: direct:user-misdirected
                      steps:
                        - to: "bubble-sync-http:%1$s/slack-like?throwExceptionOnFailure=false"
                """.formatted(hook));
        p.setProperty("sync.http.timeout", "8s");
        p.setProperty("sync.breaker.window", "4");

        try (RelayHarness relay = RelayHarness.start(p)) {
            var template = relay.context().createProducerTemplate();
            for (int i = 0; i < 5; i++) {
                template.sendBody("direct:user-webhook", "{\"text\":\"row failed\"}");
            }
            long started = System.nanoTime();
            Exchange slow = template.send("direct:user-slow", ex -> ex.getMessage().setBody("{}"));
            long slowMillis = (System.nanoTime() - started) / 1_000_000;

            // the shared http component keeps its own defaults, among them HttpClient's one retry of a 503
            assertThat(relay.context().getRegistry().lookupByNameAndType("endpointBreaker", EndpointBreaker.class).state()).isEqualTo("CLOSED");
            assertThat(scrape(relay).has("sync_http_request_seconds")).as("the user's calls are not the relay's").isFalse();
            // the relay's own component pointed at another host (a redirect, a wrong URL) does not send the key there
            template.sendBody("direct:user-misdirected", "{\"text\":\"wrong host for this component\"}");

            assertThat(webhook.getAllServeEvents()).hasSizeGreaterThanOrEqualTo(7)
                    .allSatisfy(e -> assertThat(e.getRequest().containsHeader("Authorization")).as("Authorization on " + e.getRequest().getUrl()).isFalse());
            assertThat(webhook.getAllServeEvents()).filteredOn(e -> e.getRequest().getBodyAsString().contains("wrong host")).hasSize(1);
            assertThat(slow.getException()).as("the user's own 300 ms timeout, not the relay's 8 s").isNotNull();
            assertThat(slowMillis).isLessThan(3_000);
            HttpComponent shared = relay.context().getComponent("http", HttpComponent.class);
            assertThat(shared.getHttpClientConfigurer()).isNull();
            assertThat(shared.getResponseTimeout()).isZero();

            relay.insert("t", "1", "INSERT", "{}");
            assertThat(relay.pass("processor").completed()).isEqualTo(1);
            ServeEvent own = Sink.requests(sink).get(0);
            assertThat(own.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + RelayHarness.TOKEN);
            assertThat(scrape(relay).histogramCount("sync_http_request_seconds", Map.of("result", "2xx"))).isEqualTo(1);
        }
    }

    private static Properties withUserRoutes(Path dir, String userRoutes) throws Exception {
        try (Stream<Path> packaged = Files.list(Path.of("routes"))) {
            for (Path route : packaged.toList()) {
                Files.copy(route, dir.resolve(route.getFileName()));
            }
        }
        Files.writeString(dir.resolve("user-hooks.camel.yaml"), userRoutes);
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.routes.dir", dir.toString());
        return p;
    }

    private static Scrape scrape(RelayHarness relay) {
        return new Scrape(relay.context().getRegistry().lookupByNameAndType("metricsRegistry", PrometheusMeterRegistry.class).scrape());
    }
}
