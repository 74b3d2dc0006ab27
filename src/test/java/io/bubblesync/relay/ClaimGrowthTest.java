package io.bubblesync.relay;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.support.LoopbackSink;
import io.bubblesync.relay.support.RelayHarness;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A pass's first claim asks for sync.claim.limit rows; each claim that comes back full doubles the next, up to sync.claim.max. */
class ClaimGrowthTest {
    private static RelayHarness relay(String url) {
        Properties p = RelayHarness.defaults(url);
        p.setProperty("sync.claim.limit", "10");
        p.setProperty("sync.claim.max", "80");
        return RelayHarness.start(p);
    }

    @Test
    void a_quiet_queue_of_three_rows_is_claimed_as_three() {
        try (LoopbackSink sink = new LoopbackSink(0); RelayHarness relay = relay(sink.url())) {
            relay.insertOrders(3);

            PassTally tally = relay.pass("processor");

            assertThat(tally.claimSizes()).containsExactly(3);
            assertThat(tally.completed()).isEqualTo(3);
        }
    }

    @Test
    void a_backlog_is_claimed_in_claims_that_double_while_full_up_to_the_ceiling() {
        try (LoopbackSink sink = new LoopbackSink(0); RelayHarness relay = relay(sink.url())) {
            relay.insertOrders(400);

            PassTally tally = relay.pass("processor");

            // 10 + 20 + 40 + 80 + 80 + 80 + 80 = 390, then the last 10 rows, then nothing is left
            assertThat(tally.claimSizes()).containsExactly(10, 20, 40, 80, 80, 80, 80, 10);
            assertThat(tally.completed()).isEqualTo(400);
            assertThat(relay.count("status = 'completed'")).isEqualTo(400);
        }
    }

    @Test
    void every_pass_starts_again_from_the_first_claims_size() {
        try (LoopbackSink sink = new LoopbackSink(0); RelayHarness relay = relay(sink.url())) {
            relay.insertOrders(30);
            assertThat(relay.pass("processor").claimSizes()).isEqualTo(List.of(10, 20, 0));
            relay.insertOrders(5);
            assertThat(relay.pass("processor").claimSizes()).isEqualTo(List.of(5));
        }
    }
}
