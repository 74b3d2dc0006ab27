package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.AlertReplay;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.RestartablePostgres;
import io.bubblesync.relay.support.Scrape;
import io.bubblesync.relay.support.Sink;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outage scenarios of the suite (the database stopped as in OutageTest, the endpoint failing as in BreakerTest, the
 * Bubble key refused as in BubbleAnswersTest), each scraped on a running relay and replayed into the rules file with
 * promtool: exactly the matching alert fires, and a healthy relay's scrape fires none.
 */
class AlertScenariosTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    private static String scrape(Properties p) {
        return ManagementPort.call(p, "GET", "/observe/metrics", null).body();
    }

    @Test
    void a_healthy_relay_fires_no_alert() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = ManagementPort.enable(RelayHarness.defaults(Sink.url(sink)));
        p.setProperty("sync.schedule.enabled", "true"); // the crons' intervals, so the stalled-passes alert is evaluated too
        try (RelayHarness relay = RelayHarness.start(p)) {
            relay.insert("orders", "h-1", "UPDATE", "{}");
            relay.pass("processor");
            assertThat(relay.count("status = 'completed'")).isEqualTo(1);

            assertThat(AlertReplay.firedAlerts("healthy", scrape(p), System.currentTimeMillis())).isEmpty();
        }
    }

    @Test
    void database_stopped_fires_database_down_and_nothing_else() throws Exception {
        try (RestartablePostgres pg = new RestartablePostgres()) {
            Properties p = ManagementPort.enable(RelayHarness.defaults(Sink.url(sink)));
            p.setProperty("sync.db.url", pg.jdbcUrl());
            p.setProperty("sync.db.connect-timeout", "1s");
            p.setProperty("sync.health.sample-interval", "300ms");
            p.setProperty("sync.health.answer-within", "1s");
            try (RelayHarness relay = RelayHarness.start(p)) {
                relay.insert("orders", "d-1", "UPDATE", "{}");
                pg.stop();
                await().atMost(Duration.ofSeconds(15)).until(() -> new Scrape(scrape(p)).value("sync_database_up", Map.of()) == 0);

                assertThat(AlertReplay.firedAlerts("database-stopped", scrape(p), System.currentTimeMillis()))
                        .containsExactly("BubbleSyncDatabaseDown");
                pg.startAgain();
            }
        }
    }

    @Test
    void endpoint_failing_fires_breaker_open_and_nothing_else() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(aResponse().withStatus(503)));
        Properties p = ManagementPort.enable(RelayHarness.defaults(Sink.url(sink)));
        p.setProperty("sync.breaker.window", "6");
        p.setProperty("sync.breaker.open-for", "1m");
        p.setProperty("sync.concurrency", "1");
        try (RelayHarness relay = RelayHarness.start(p)) {
            for (int i = 0; i < 20; i++) {
                relay.insert("orders", "e-" + i, "UPDATE", "{}");
            }
            relay.pass("processor");
            assertThat(new Scrape(scrape(p)).value("sync_breaker_open", Map.of())).isEqualTo(1);

            assertThat(AlertReplay.firedAlerts("endpoint-failing", scrape(p), System.currentTimeMillis()))
                    .containsExactly("BubbleSyncBreakerOpen");
        }
    }

    @Test
    void bubble_key_refused_fires_not_ready_naming_bubble_types_and_nothing_else() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = ManagementPort.enable(BubbleFixture.defaults(bubble));
        p.setProperty("bubble.api.key", "a-wrong-key-0000");
        p.setProperty("sync.breaker.open-for", "1h");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            f.insertListing("K-1", "refused", 1);
            f.relay.pass("processor");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    new Scrape(scrape(p)).value("sync_health_check_up", Map.of("check", "bubble-types")) == 0);

            String scraped = scrape(p);
            assertThat(AlertReplay.firedAlerts("key-refused", scraped, System.currentTimeMillis()))
                    .containsExactly("BubbleSyncNotReady");
            assertThat(new Scrape(scraped).value("sync_health_check_up", Map.of("check", "endpoint-action"))).isEqualTo(1);
        }
    }
}
