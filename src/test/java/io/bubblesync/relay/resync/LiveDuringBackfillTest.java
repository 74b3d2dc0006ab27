package io.bubblesync.relay.resync;

import io.bubblesync.app.CliRun;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.BubbleFixture;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A live change goes out as if the backfill were not there: claims take live rows first. */
class LiveDuringBackfillTest {

    @Test
    void a_live_change_is_delivered_within_5_s_during_a_backfill_under_a_60_requests_a_minute_limit() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY).rateLimitPerMinute(60));
        Properties p = BubbleFixture.defaults(bubble);
        p.setProperty("sync.bubble.rate-limit", "60");
        p.setProperty("sync.wakeup.enabled", "true");
        p.setProperty("sync.http.timeout", "5s");
        try (BubbleFixture f = BubbleFixture.start(bubble, p)) {
            f.relay.update("INSERT INTO listing (_id, title, price) SELECT 'B-' || lpad(g::text, 5, '0'), 'old ' || g, g FROM generate_series(1, 2000) g");

            CliRun backfill = CliRun.of(Map.of("sync.db.url", f.relay.settings().dbUrl()), "backfill", "--table", "listing");
            assertThat(backfill.exitCode()).as(backfill.err()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> f.relay.count("origin_run IS NOT NULL AND status = 'completed'") >= 100);

            long started = System.nanoTime();
            UUID live = f.insertListing("LIVE-1", "live change", 1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "completed".equals(f.relay.row(live).get("status")));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("live change completed %.2f s after its insert, %d backfill rows still open%n", seconds,
                    f.relay.count("origin_run IS NOT NULL AND status <> 'completed'"));

            assertThat(seconds).as("the live row waited %.1f s", seconds).isLessThan(5.0);
            assertThat(f.relay.count("origin_run IS NOT NULL AND status <> 'completed'")).as("the backfill was still going").isGreaterThan(500);
            assertThat(bubble.tooManyRequestsSent()).as("within Bubble's limit").isZero();
        }
    }
}
