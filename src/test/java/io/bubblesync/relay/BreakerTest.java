package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BreakerTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    @Test
    void open_breaker_stops_claiming_so_rows_wait_without_burning_attempts_then_a_half_open_probe_resumes() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(aResponse().withStatus(503)));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        p.setProperty("sync.claim.limit", "50");
        p.setProperty("sync.breaker.window", "6");
        p.setProperty("sync.breaker.open-for", "1s");
        // one batch at a time, so the count below is exact; with sync.concurrency=N up to N batches are
        // already in flight when the breaker opens, and they finish their redeliveries
        p.setProperty("sync.concurrency", "1");
        try (RelayHarness relay = RelayHarness.start(p)) {
            for (int i = 0; i < 50; i++) {
                relay.insert("orders", "o-" + i, "UPDATE", "{}");
            }

            PassTally outage = relay.pass("processor");

            assertThat(outage.failedRetryable()).as("two batches, 3 calls each, open the breaker").isEqualTo(10);
            assertThat(outage.handedBack()).isEqualTo(40);
            assertThat(relay.count("status = 'pending' AND retry_count = 0")).isEqualTo(40);
            assertThat(Sink.requests(sink)).hasSize(6);
            assertThat(relay.pass("processor").claimed()).as("open: nothing claimed").isZero();
            assertThat(relay.count("status = 'processing'")).isZero();

            sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> relay.pass("processor").claimed() > 0);
            relay.pass("processor");
            assertThat(relay.count("status = 'completed'")).isEqualTo(40);
            assertThat(relay.count("status = 'completed' AND retry_count = 0")).as("no attempt burned while open").isEqualTo(40);
        }
    }
}
