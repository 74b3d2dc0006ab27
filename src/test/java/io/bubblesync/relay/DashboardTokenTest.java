package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.support.Browser;
import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dashboard of a relay with sync.admin.token: the page loads, its data calls need the token, it asks once per tab. */
class DashboardTokenTest {
    private static final String ADMIN_TOKEN = "admin-token-for-the-dashboard-31d7";

    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    private static void eventually(ThrowingRunnable check) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(check);
    }

    @Test
    void data_calls_without_the_token_are_refused_and_the_page_works_once_the_token_is_entered() {
        Properties p = ManagementPort.enable(RelayHarness.defaults(Sink.url(sink)));
        p.setProperty("sync.admin.token", ADMIN_TOKEN);
        try (RelayHarness relay = RelayHarness.start(p); Browser browser = Browser.start()) {
            relay.insert("orders", "o-1", "INSERT", "{}");
            relay.insert("orders", "o-2", "UPDATE", "{}");

            for (String path : List.of("/admin/overview", "/admin/throughput", "/admin/failed", "/admin/runs", "/admin/status")) {
                assertThat(ManagementPort.call(p, "GET", path, null).statusCode()).as(path).isEqualTo(401);
                assertThat(ManagementPort.call(p, "GET", path, "wrong-token").statusCode()).as(path).isEqualTo(401);
                assertThat(ManagementPort.call(p, "GET", path, ADMIN_TOKEN).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(ManagementPort.call(p, "POST", "/admin/pause", null).statusCode()).isEqualTo(401);
            assertThat(ManagementPort.call(p, "GET", "/dashboard", null).statusCode()).as("the static page needs no token").isEqualTo(200);
            assertThat(ManagementPort.call(p, "GET", "/dashboard", null).body()).doesNotContain(ADMIN_TOKEN);

            browser.open(ManagementPort.url(p, "/dashboard?refresh=1&chart=2"));
            eventually(() -> assertThat(browser.find("#token-dialog").isDisplayed()).isTrue());
            assertThat(browser.text("#n-pending")).as("nothing shown without the token").isEqualTo("–");

            browser.find("#token").sendKeys("wrong-token");
            browser.find("#token-submit").click();
            eventually(() -> {
                assertThat(browser.find("#token-dialog").isDisplayed()).isTrue();
                assertThat(browser.text("#token-why")).startsWith("That token was refused");
            });

            browser.find("#token").sendKeys(ADMIN_TOKEN);
            browser.find("#token-submit").click();
            eventually(() -> assertThat(browser.text("#n-pending")).isEqualTo("2"));
            assertThat(browser.find("#token-dialog").isDisplayed()).isFalse();
            assertThat(browser.script("return sessionStorage.getItem('bubble-sync.admin-token')")).isEqualTo(ADMIN_TOKEN);
            assertThat(browser.script("return localStorage.length")).as("kept for the tab only").isEqualTo(0L);

            browser.find("#pause").click();
            eventually(() -> assertThat(browser.text("#state")).isEqualTo("PAUSED"));
            assertThat(relay.query("SELECT paused FROM sync_control WHERE name = 'relay'").get(0)).containsEntry("paused", true);

            browser.driver().navigate().refresh();
            eventually(() -> assertThat(browser.text("#state")).isEqualTo("PAUSED"));
            assertThat(browser.find("#token-dialog").isDisplayed()).as("asked once per tab").isFalse();
            browser.find("#resume").click();
            eventually(() -> assertThat(browser.text("#state")).isEqualTo("RUNNING"));

            assertThat(browser.consoleErrors()).as("only the refused calls before the token was entered")
                    .isNotEmpty().allSatisfy(e -> assertThat(e).contains("401"));
        }
    }
}
