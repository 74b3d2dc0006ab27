package io.bubblesync.relay;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.support.LoopbackSink;
import io.bubblesync.relay.support.RelayHarness;
import java.time.Duration;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sync.concurrency batches are in flight at once, never more; with two wake-up lanes a second claim's batches
 * fill the slots a small claim leaves free.
 */
class ConcurrencyTest {
    private static RelayHarness relay(String url, int concurrency) {
        Properties p = RelayHarness.defaults(url);
        p.setProperty("sync.concurrency", Integer.toString(concurrency));
        p.setProperty("sync.claim.limit", "40");
        return RelayHarness.start(p);
    }

    private static RelayHarness wakingRelay(String url, int lanes) {
        Properties p = RelayHarness.defaults(url);
        p.setProperty("sync.concurrency", "4");
        p.setProperty("sync.claim.limit", "10");
        p.setProperty("sync.claim.max", "10"); // claims of 10 rows = 2 batches, however long the backlog
        p.setProperty("sync.wakeup.enabled", "true");
        p.setProperty("sync.wakeup.lanes", Integer.toString(lanes));
        return RelayHarness.start(p);
    }

    @Test
    void four_batches_are_in_flight_at_once_and_never_more() {
        try (LoopbackSink sink = new LoopbackSink(300); RelayHarness relay = relay(sink.url(), 4)) {
            relay.insertOrders(80);

            long started = System.nanoTime();
            PassTally tally = relay.pass("processor");
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(tally.completed()).isEqualTo(80);
            assertThat(relay.count("status = 'completed'")).isEqualTo(80);
            assertThat(sink.requests()).isEqualTo(16);
            assertThat(sink.maxInFlight()).isEqualTo(4);
            // 16 batches of 300 ms, 4 at a time: about 1.2 s, against 4.8 s one by one
            assertThat(tookMs).isLessThan(3_000);
        }
    }

    @Test
    void concurrency_one_sends_one_batch_at_a_time() {
        try (LoopbackSink sink = new LoopbackSink(100); RelayHarness relay = relay(sink.url(), 1)) {
            relay.insertOrders(40);

            assertThat(relay.pass("processor").completed()).isEqualTo(40);
            assertThat(sink.maxInFlight()).isEqualTo(1);
        }
    }

    @Test
    void two_wake_up_lanes_keep_four_batches_in_flight_when_claims_hold_two() {
        // a claim of 10 rows is 2 batches: one lane can never fill 4 slots, two lanes can
        try (LoopbackSink sink = new LoopbackSink(200); RelayHarness relay = wakingRelay(sink.url(), 2)) {
            relay.insertOrders(80);

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> relay.count("status = 'completed'") == 80);
            assertThat(sink.requests()).isEqualTo(16);
            assertThat(sink.maxInFlight()).isEqualTo(4);
        }
    }

    @Test
    void one_wake_up_lane_keeps_only_its_claims_batches_in_flight() {
        try (LoopbackSink sink = new LoopbackSink(200); RelayHarness relay = wakingRelay(sink.url(), 1)) {
            relay.insertOrders(40);

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> relay.count("status = 'completed'") == 40);
            assertThat(sink.requests()).isEqualTo(8);
            assertThat(sink.maxInFlight()).isEqualTo(2);
        }
    }
}
