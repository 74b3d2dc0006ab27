package io.bubblesync.relay;

import io.bubblesync.relay.camel.PassTally;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.RelayHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claims that fit Bubble's rate limit and the lease, and one budget for the relays of one app (issue 18 §4, §5),
 * against the emulator limited as Bubble is, over real HTTP. These runs last minutes of mostly waiting for permits,
 * so they run side by side. Passes are started by worker threads, several at once per relay, as the cron passes and
 * the wake-up lanes do: a pass rescues the rows whose lease ended, whoever still holds them. The class itself runs
 * alone (SAME_THREAD): only its own tests run side by side, never another class's, whose log captures and timings they
 * would disturb (OutageTest once caught these relays' Quartz shutdown lines).
 */
@Execution(ExecutionMode.SAME_THREAD)
class BubbleRateBudgetTest {

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void one_call_rows_at_30_a_minute_with_a_60s_lease_complete_with_no_rescue() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY).rateLimitPerMinute(30));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.rate-limit", "30");
        p.setProperty("sync.lease", "60s");
        try (BubbleFixture f = start(bubble, p)) {
            patchRows(f.relay, bubble, "P-", 120);

            List<PassTally> passes = drain(List.of(f.relay), 2);

            assertThat(f.relay.count("status = 'completed'")).isEqualTo(120);
            assertThat(rescued(f.relay, passes)).as("rows rescued from a live relay").isZero();
            assertThat(bubble.requests()).as("one PATCH per row, none twice").hasSize(120);
            assertThat(bubble.tooManyRequestsSent()).isZero();
            assertThat(maxClaim(passes)).as("no claim beyond what 30/min sends in 30 s").isLessThanOrEqualTo(15);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void creates_at_20_a_minute_with_a_30s_lease_never_claim_more_than_the_rate_sends_in_half_the_lease() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY).rateLimitPerMinute(20));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.rate-limit", "20");
        p.setProperty("sync.lease", "30s");
        try (BubbleFixture f = start(bubble, p)) {
            f.relay.update("INSERT INTO listing (_id, title, price) SELECT 'C-' || g, 'new ' || g, g FROM generate_series(1, 150) g");
            f.relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload, created_at) SELECT 'listing', 'C-' || g, "
                    + "'INSERT', jsonb_build_object('_id', 'C-' || g, 'title', 'new ' || g, 'price', g), clock_timestamp() + g * interval '1 microsecond' "
                    + "FROM generate_series(1, 150) g");
            ConcurrentLinkedQueue<Long> held = new ConcurrentLinkedQueue<>();
            // what the relay holds, read every 200 ms until nothing is open
            CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> await().atMost(Duration.ofMinutes(10)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        if (f.relay.count("status IN ('pending', 'processing')") == 0) {
                            return true;
                        }
                        held.add(f.relay.count("status = 'processing'"));
                        return false;
                    }));

            List<PassTally> passes = drain(List.of(f.relay), 2);
            watch.join();

            assertThat(f.relay.count("status = 'completed'")).isEqualTo(150);
            assertThat(bubble.objects("listing")).as("every create made once").hasSize(150);
            assertThat(rescued(f.relay, passes)).as("rows rescued from a live relay").isZero();
            assertThat(maxClaim(passes)).as("claims within 20/min x 15 s").isLessThanOrEqualTo(5);
            assertThat(held.stream().mapToLong(Long::longValue).max().orElse(0)).as("rows the relay held at once, all passes together")
                    .isLessThanOrEqualTo(5);
            assertThat(bubble.tooManyRequestsSent()).isZero();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void three_relays_sharing_120_a_minute_draw_no_429_and_use_96_in_their_busiest_minute() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY).rateLimitPerMinute(120));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.rate-limit", "120");
        p.setProperty("sync.lease", "60s");
        try (BubbleFixture f = start(bubble, p)) {
            List<RelayHarness> relays = new ArrayList<>(List.of(f.relay));
            for (int i = 2; i <= 3; i++) {
                Properties other = new Properties();
                other.putAll(p);
                other.setProperty("sync.db.url", f.relay.settings().dbUrl());
                other.setProperty("sync.instance.id", "relay-" + i);
                relays.add(start(other));
            }
            try {
                patchRows(f.relay, bubble, "S-", 220);

                List<PassTally> passes = drain(relays, 1);

                Map<String, Long> perRelay = f.relay.query("SELECT claimed_by, count(*) AS n FROM sync_queue GROUP BY claimed_by").stream()
                        .collect(Collectors.toMap(r -> String.valueOf(r.get("claimed_by")), r -> ((Number) r.get("n")).longValue()));
                System.out.printf("shared budget 120/min, three relays: busiest minute %d requests, %d 429s, rows per relay %s%n",
                        bubble.maxRequestsInAnyMinute(), bubble.tooManyRequestsSent(), perRelay);
                assertThat(f.relay.count("status = 'completed'")).isEqualTo(220);
                assertThat(bubble.tooManyRequestsSent()).as("429s").isZero();
                assertThat(bubble.maxRequestsInAnyMinute()).as("requests in the busiest minute").isBetween(96, 120);
                assertThat(rescued(f.relay, passes)).isZero();
                assertThat(perRelay).as("every relay sent its part").hasSize(3);
            } finally {
                relays.subList(1, relays.size()).forEach(RelayHarness::close);
            }
        }
    }

    private static final AtomicInteger RELAYS = new AtomicInteger();

    /**
     * Relays start one at a time, each under a name of its own: CamelContexts of one name in one JVM share Quartz's
     * scheduler name, and one test's relay stopping while another test's starts fails the start with
     * "Unable to register scheduler with MBeanServer" (seen when the three tests ran side by side).
     */
    private static synchronized BubbleFixture start(BubbleEmulator bubble, Properties p) {
        return BubbleFixture.start(bubble, named(p));
    }

    private static synchronized RelayHarness start(Properties p) {
        return RelayHarness.start(named(p));
    }

    private static Properties named(Properties p) {
        Properties named = new Properties();
        named.putAll(p);
        named.setProperty("camel.main.name", "bubble-sync-relay-" + RELAYS.incrementAndGet());
        return named;
    }

    /** n UPDATE rows of listings Bubble already has: one PATCH each. */
    static void patchRows(RelayHarness relay, BubbleEmulator bubble, String prefix, int n) {
        String id = bubble.insert("listing", Map.of("Name", "x"));
        relay.update("INSERT INTO listing (_id, bubble_id) SELECT ? || g, ? FROM generate_series(1, ?) g", prefix, id, n);
        relay.update("INSERT INTO sync_queue (table_name, record_id, operation, payload, created_at) SELECT 'listing', ? || g, 'UPDATE', "
                + "jsonb_build_object('title', 't' || g), clock_timestamp() + g * interval '1 microsecond' FROM generate_series(1, ?) g", prefix, n);
    }

    /**
     * Runs passes until no row is open: on each relay {@code lanes} processor loops and a retry loop, each starting a pass a
     * second after its last ended, as cron passes and wake-up lanes overlap. Returns every pass's tally.
     */
    static List<PassTally> drain(List<RelayHarness> relays, int lanes) {
        ConcurrentLinkedQueue<PassTally> tallies = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (RelayHarness relay : relays) {
            for (int lane = 0; lane <= lanes; lane++) {
                String job = lane == lanes ? "retry" : "processor";
                // a pass a second, as the crons ask for them, until no row is left to deliver
                workers.add(CompletableFuture.runAsync(() -> await().atMost(Duration.ofMinutes(10)).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofSeconds(1)).until(() -> {
                            if (relay.count("status IN ('pending', 'processing') OR (status = 'failed' AND next_retry_at IS NOT NULL "
                                    + "AND retry_count < max_retries)") == 0) {
                                return true;
                            }
                            tallies.add(relay.pass(job));
                            return false;
                        }), runnable -> new Thread(runnable).start()));
            }
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        return List.copyOf(tallies);
    }

    static long rescued(RelayHarness relay, List<PassTally> passes) {
        return passes.stream().mapToInt(PassTally::rescued).sum() + relay.query("SELECT 1 FROM sync_run WHERE job = 'rescue'").size();
    }

    static int maxClaim(List<PassTally> passes) {
        return passes.stream().flatMap(t -> t.claimSizes().stream()).mapToInt(Integer::intValue).max().orElse(0);
    }
}
