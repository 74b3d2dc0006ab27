package io.bubblesync.relay;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.RelayHarness;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limit's permits and the lease, in seconds (the minute-long runs are in BubbleRateBudgetTest). */
class BubblePermitTest {

    @Test
    void a_call_whose_rows_lease_would_run_short_before_its_permit_goes_back_unsent_and_the_pass_stops_claiming() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.rate-limit", "1");
        p.setProperty("sync.bubble.rate-limit.shared", "false");
        p.setProperty("sync.batch.size", "1");
        p.setProperty("sync.lease", "60s");
        // a permit must come while the lease has two HTTP timeouts to go: within 30 s of the claim; the relay's second
        // permit of 1/min comes a minute after it started
        p.setProperty("sync.http.timeout", "15s");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            String id = bubble.insert("listing", Map.of("Name", "x"));
            f.relay.update("INSERT INTO listing (_id, bubble_id) VALUES ('W-1', ?), ('W-2', ?)", id, id);
            UUID first = f.relay.insert("listing", "W-1", "UPDATE", "{\"title\":\"one\"}");
            UUID second = f.relay.insert("listing", "W-2", "UPDATE", "{\"title\":\"two\"}");

            long started = System.nanoTime();
            PassTally tally = f.relay.pass("processor");

            assertThat((System.nanoTime() - started) / 1e9).as("no wait for the next permit, a minute away").isLessThan(20);
            assertThat(tally.claimSizes()).as("1/min sends no more than one row in 30 s: claims of one").containsExactly(1, 1);
            assertThat(f.relay.row(first).get("status")).isEqualTo("completed");
            Map<String, Object> back = f.relay.row(second);
            assertThat(back.get("status")).as("handed back unsent").isEqualTo("pending");
            assertThat(back.get("retry_count")).as("no attempt spent").isEqualTo(0);
            assertThat(back.get("claimed_by")).isNull();
            assertThat(tally.handedBack()).isEqualTo(1);
            assertThat(bubble.requests()).hasSize(1);
        }
    }

    @Test
    void a_call_sent_again_after_a_failure_that_gets_no_permit_in_time_becomes_a_durable_retry_not_a_hand_back() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.rate-limit", "1");
        p.setProperty("sync.bubble.rate-limit.shared", "false");
        p.setProperty("sync.batch.size", "1");
        p.setProperty("sync.lease", "60s");
        p.setProperty("sync.http.timeout", "15s");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            bubble.failNextRequests(1);
            UUID row = f.insertListing("R-1", "may exist already", 1);

            PassTally tally = f.relay.pass("processor");

            assertThat(bubble.requests()).as("the first send (503); its redelivery would wait a minute for a permit").hasSize(1);
            Map<String, Object> r = f.relay.row(row);
            assertThat(r.get("status")).isEqualTo("failed");
            assertThat(r.get("failure_kind")).as("a durable retry: the create is looked up before it goes again").isEqualTo("transient");
            assertThat(r.get("retry_count")).isEqualTo(1);
            assertThat((String) r.get("error_message")).contains("no Bubble rate-limit permit before the rows' lease would run short");
            assertThat(tally.handedBack()).isZero();
        }
    }

    @Test
    void with_sharing_off_each_relay_keeps_its_own_limit_and_draws_nothing_from_the_database() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.rate-limit", "60");
        p.setProperty("sync.bubble.rate-limit.shared", "false");
        p.setProperty("sync.claim.limit", "5");
        p.setProperty("sync.claim.max", "5");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            Properties other = new Properties();
            other.putAll(p);
            other.setProperty("sync.db.url", f.relay.settings().dbUrl());
            other.setProperty("sync.instance.id", "relay-2");
            try (RelayHarness second = RelayHarness.start(other)) {
                BubbleRateBudgetTest.patchRows(f.relay, bubble, "U-", 20);

                long started = System.nanoTime();
                BubbleRateBudgetTest.drain(List.of(f.relay, second), 1);
                double seconds = (System.nanoTime() - started) / 1e9;

                assertThat(f.relay.count("status = 'completed'")).isEqualTo(20);
                assertThat(f.relay.query("SELECT 1 FROM sync_rate_window UNION ALL SELECT 1 FROM sync_rate_relay")).as("nothing drawn").isEmpty();
                assertThat(f.relay.query("SELECT DISTINCT claimed_by FROM sync_queue")).as("both relays sent").hasSize(2);
                assertThat(seconds).as("each relay at 60/min: 20 calls in about 10 s (one budget of 60/min shared: 20 s)").isLessThan(16);
            }
        }
    }
}
