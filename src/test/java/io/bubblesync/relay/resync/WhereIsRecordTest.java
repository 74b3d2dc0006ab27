package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.JsonNode;
import io.bubblesync.app.CliRun;
import io.bubblesync.relay.dev.emulator.BubbleEmulator;
import io.bubblesync.relay.dev.emulator.EmulatorOptions;
import io.bubblesync.relay.support.Browser;
import io.bubblesync.relay.support.BubbleFixture;
import io.bubblesync.relay.support.ManagementPort;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static io.bubblesync.relay.support.BubbleFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** "Where is record X?" and the backfill / reconcile panel: status --record, /admin/record, /admin/resync, the dashboard. */
class WhereIsRecordTest {

    @Test
    void status_record_the_admin_api_and_the_dashboard_show_a_records_rows_bubble_id_and_the_last_reconcile() throws Exception {
        BubbleEmulator bubble = BubbleEmulator.start(EmulatorOptions.defaults().apiKey(BubbleFixture.KEY));
        Properties p = ManagementPort.enable(BubbleFixture.defaults(bubble));
        try (BubbleFixture f = BubbleFixture.start(bubble, p); Browser browser = Browser.start()) {
            f.relay.update("INSERT INTO listing (_id, bubble_id, title, price) VALUES ('W-1', ?, 'same', 1), ('W-2', NULL, 'nowhere', 2)",
                    bubble.insert("listing", Map.of("Name", "same", "Price", 1)));
            Map<String, String> cli = new HashMap<>();
            for (String key : List.of("sync.db.url", "sync.target", "bubble.api.url", "bubble.api.key")) {
                cli.put(key, p.getProperty(key));
            }
            assertThat(CliRun.of(cli, "backfill", "--table", "listing", "--missing-only").exitCode()).isZero();
            f.relay.update("UPDATE sync_queue SET status = 'failed', retry_count = 3, failure_kind = 'exhausted', error_message = 'HTTP 503 from Bubble'");
            assertThat(CliRun.of(cli, "reconcile", "--table", "listing").exitCode()).isZero();

            CliRun text = CliRun.of(cli, "status", "--record", "listing:W-2");
            HttpResponse<String> api = ManagementPort.call(p, "GET", "/admin/record?table=listing&id=W-2", null);
            JsonNode runs = json(ManagementPort.call(p, "GET", "/admin/resync", null).body());

            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).contains("listing W-2: Bubble id in the table none").contains("INSERT failed attempts 3/3 run 1 [exhausted] HTTP 503 from Bubble")
                    .contains("missing_in_bubble, run 2");
            JsonNode record = json(api.body());
            assertThat(record.path("queue")).hasSize(1);
            assertThat(record.path("reconcile").get(0).path("kind").asText()).isEqualTo("missing_in_bubble");
            assertThat(runs.findValuesAsText("kind")).containsExactlyInAnyOrder("backfill", "reconcile");
            assertThat(runs.get(1).path("report").path("in_sync").path("count").asInt()).isEqualTo(1);

            browser.open(ManagementPort.url(p, "/dashboard?refresh=1"));
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                    assertThat(browser.text("#resync tr[data-kind='reconcile'] td[data-label='Report']"))
                            .startsWith("in_sync 1, missing_in_bubble 1, dangling_bubble_id 0"));
            assertThat(browser.text("#resync tr[data-kind='backfill'] td[data-label='Progress']")).isEqualTo("1 / 1 rows, 1 enqueued, 0 skipped");
            browser.find("#record-table").sendKeys("listing");
            browser.find("#record-id").sendKeys("W-2");
            browser.find("#record-find").click();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(browser.text("#record-summary")).startsWith("listing W-2: Bubble id in the table none"));
            assertThat(browser.text("#record-rows td[data-label='Error']")).isEqualTo("exhausted: HTTP 503 from Bubble");
            assertThat(browser.text("#record-reconcile li")).startsWith("last reconcile (run 2): missing_in_bubble");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
