package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.support.Browser;
import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in headless Chromium against a real relay (one for the class) and a real database: what it
 * shows is compared with the database, and its buttons act through the admin API.
 */
class DashboardTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    private static Properties p;
    private static RelayHarness relay;
    private static Browser browser;

    @BeforeAll
    static void start() {
        p = ManagementPort.enable(RelayHarness.defaults(Sink.url(sink)));
        relay = RelayHarness.start(p);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @BeforeEach
    void emptyQueueAndRunning() {
        relay.update("DELETE FROM sync_queue");
        relay.update("DELETE FROM sync_run");
        assertThat(ManagementPort.call(p, "POST", "/admin/resume", null).statusCode()).isEqualTo(200);
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
    }

    private static void openDashboard() {
        browser.open(ManagementPort.url(p, "/dashboard?refresh=1&chart=2"));
        eventually(() -> assertThat(browser.text("#updated")).isNotEqualTo("never"));
    }

    private static void eventually(ThrowingRunnable check) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(check);
    }

    private static String n(long v) {
        return String.format(Locale.US, "%,d", v);
    }

    private static long scalar(String sql) {
        return ((Number) relay.query(sql).get(0).values().iterator().next()).longValue();
    }

    @Test
    void page_shows_the_same_counts_as_the_database_and_logs_no_console_errors() {
        seedAQueueWithHistory();
        openDashboard();

        List<Map<String, Object>> counts = relay.query("SELECT status, operation, count(*) AS n FROM sync_queue GROUP BY status, operation");
        eventually(() -> assertThat(browser.text("#n-all")).isEqualTo(n(relay.count("true"))));
        for (Map<String, Object> c : counts) {
            assertThat(browser.text("td[data-status='" + c.get("status") + "'][data-operation='" + c.get("operation") + "']"))
                    .as("%s × %s", c.get("status"), c.get("operation")).isEqualTo(n((Long) c.get("n")));
        }
        assertThat(browser.text("#n-pending")).isEqualTo(n(relay.count("status = 'pending'")));
        assertThat(browser.text("#n-processing")).isEqualTo(n(relay.count("status = 'processing'")));
        assertThat(browser.text("#n-retrying")).isEqualTo(n(relay.count("status = 'failed' AND next_retry_at IS NOT NULL")));
        assertThat(browser.text("#n-exhausted")).isEqualTo(n(relay.count("failure_kind = 'exhausted'")));
        assertThat(browser.text("#n-permanent")).isEqualTo(n(relay.count("failure_kind = 'permanent'")));
        assertThat(browser.text("#oldest-due")).isEqualTo("2 min");
        assertThat(browser.text("#processing tr[data-instance='relay-elsewhere'] td:nth-child(2)")).isEqualTo("2");
        assertThat(browser.text("#state")).isEqualTo("RUNNING");
        assertThat(browser.text("#breaker")).isEqualToIgnoringCase("breaker closed");
        assertThat(browser.text("#wakeup")).as("this relay's wake-up is off").isEqualToIgnoringCase("wake-up off");
        assertThat(browser.find("#wakeup").getAttribute("title")).contains("sync.wakeup.enabled=false");
        assertThat(browser.text("#target-name")).isEqualTo("bubble_sync");
        assertThat(browser.text("#target-url")).isEqualTo(Sink.url(sink)).doesNotContain(RelayHarness.TOKEN);

        long completed = relay.count("status = 'completed'");
        eventually(() -> assertThat(browser.text("#sum-completed")).isEqualTo(n(completed)));
        assertThat(browser.text("#sum-skipped")).isEqualTo(n(relay.count("status = 'skipped'")));
        assertThat(browser.findAll("#chart svg rect.completed")).isNotEmpty();
        assertThat(browser.text("#p50")).endsWith(" s");
        assertThat(browser.findAll("#failed tbody tr")).hasSize((int) relay.count("status = 'failed' AND next_retry_at IS NULL"));
        assertThat(browser.findAll("#runs tbody tr")).hasSize((int) scalar("SELECT count(*) FROM sync_run"));
        assertThat(browser.text("#runs tbody tr:first-child td:nth-child(2)")).isEqualTo("retry");

        assertThat(browser.script("return [...document.querySelectorAll('button, select, input')]"
                + ".filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length))).length"))
                .as("every control has a label").isEqualTo(0L);
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(RelayHarness.TOKEN);
        Path wide = browser.screenshot(Path.of("target", "dashboard.png"), 1280);
        browser.screenshot(Path.of("target", "dashboard-phone.png"), 390);
        assertThat(wide.toFile().length()).isPositive();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void page_updates_itself_after_rows_are_settled() {
        relay.insert("orders", "o-1", "INSERT", "{\"n\":1}");
        relay.insert("orders", "o-2", "INSERT", "{\"n\":2}");
        relay.insert("orders", "o-3", "UPDATE", "{\"n\":3}");
        openDashboard();
        eventually(() -> assertThat(browser.text("#n-pending")).isEqualTo("3"));
        browser.script("window.notReloaded = true");

        assertThat(relay.pass("processor").completed()).isEqualTo(3);

        eventually(() -> {
            assertThat(browser.text("td[data-status='completed'][data-operation='INSERT']")).isEqualTo("2");
            assertThat(browser.text("td[data-status='completed'][data-operation='UPDATE']")).isEqualTo("1");
            assertThat(browser.text("#n-pending")).isEqualTo("0");
            assertThat(browser.text("#runs tbody tr:first-child td:nth-child(6)")).isEqualTo("3");
        });
        eventually(() -> assertThat(browser.text("#sum-completed")).isEqualTo("3"));
        assertThat(browser.script("return window.notReloaded === true")).isEqualTo(true);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void requeue_of_a_permanent_row_shows_the_dry_run_count_then_puts_it_back_in_line_and_it_is_delivered() {
        UUID bad = relay.insert("profiles", "p-7", "UPDATE", "{\"email\":\"fixed@example.com\"}");
        UUID other = relay.insert("profiles", "p-8", "UPDATE", "{}");
        relay.update("UPDATE sync_queue SET status = 'failed', retry_count = 1, failure_kind = 'permanent', "
                + "error_message = 'HTTP 400 from bubble_sync: invalid email', claimed_at = now() WHERE id IN (?, ?)", bad, other);
        openDashboard();
        eventually(() -> assertThat(browser.findAll("#failed tr[data-id='" + bad + "']")).hasSize(1));

        browser.find("#failed tr[data-id='" + bad + "'] button.requeue").click();
        eventually(() -> assertThat(browser.text("#confirm-text")).startsWith("Dry run: 1 row would be requeued (profiles p-7)"));
        assertThat(browser.find("#confirm-dialog").isDisplayed()).isTrue();
        assertThat(relay.row(bad)).as("a dry run changes nothing").containsEntry("failure_kind", "permanent");

        browser.find("#confirm-yes").click();
        eventually(() -> assertThat(relay.row(bad)).containsEntry("failure_kind", "transient").containsEntry("retry_count", 0));
        assertThat(relay.row(bad).get("next_retry_at")).isNotNull();
        assertThat(relay.row(other)).containsEntry("failure_kind", "permanent");
        eventually(() -> assertThat(browser.findAll("#failed tr[data-id='" + bad + "']")).isEmpty());
        assertThat(browser.text("#notice")).contains("1 row requeued");

        assertThat(relay.pass("retry").completed()).isEqualTo(1);
        assertThat(relay.row(bad)).containsEntry("status", "completed");
        assertThat(Sink.requests(sink)).hasSize(1);
        assertThat(Sink.items(Sink.requests(sink).get(0))).extracting(i -> i.path("record_id").asText()).containsExactly("p-7");
        eventually(() -> assertThat(browser.text("td[data-status='completed'][data-operation='UPDATE']")).isEqualTo("1"));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void requeue_of_the_filtered_set_counts_first_and_touches_only_the_rows_that_match() {
        UUID t1 = failedRow("orders", "o-1", "permanent", "HTTP 422 from bubble_sync: amount must be positive");
        UUID t2 = failedRow("orders", "o-2", "exhausted", "timeout after 30 s (attempt 3 of 3)");
        UUID t3 = failedRow("orders", "o-3", "exhausted", "Timeout after 30 s (attempt 3 of 3)");
        UUID t4 = failedRow("profiles", "p-1", "exhausted", "timeout after 30 s (attempt 3 of 3)");
        openDashboard();
        eventually(() -> assertThat(browser.findAll("#failed tbody tr")).hasSize(4));

        eventually(() -> new Select(browser.find("#filter-table")).selectByValue("orders"));
        browser.find("#filter-text").sendKeys("TIMEOUT");
        eventually(() -> {
            assertThat(browser.findAll("#failed tbody tr")).extracting(e -> e.getAttribute("data-id"))
                    .containsExactlyInAnyOrder(t2.toString(), t3.toString());
            assertThat(browser.text("#requeue-filtered")).isEqualTo("Requeue filtered (2)");
        });

        browser.find("#requeue-filtered").click();
        eventually(() -> assertThat(browser.text("#confirm-text")).startsWith("Dry run: 2 rows would be requeued (table orders, error contains"));
        assertThat(relay.count("failure_kind = 'transient'")).isZero();
        browser.find("#confirm-yes").click();

        eventually(() -> assertThat(relay.count("failure_kind = 'transient'")).isEqualTo(2));
        assertThat(relay.row(t2)).containsEntry("failure_kind", "transient");
        assertThat(relay.row(t3)).containsEntry("failure_kind", "transient");
        assertThat(relay.row(t1)).containsEntry("failure_kind", "permanent");
        assertThat(relay.row(t4)).containsEntry("failure_kind", "exhausted");
        eventually(() -> assertThat(browser.findAll("#failed tbody tr")).isEmpty());
        browser.find("#filter-text").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        eventually(() -> new Select(browser.find("#filter-table")).selectByValue(""));
        eventually(() -> assertThat(browser.findAll("#failed tbody tr")).hasSize(2));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void pause_shows_paused_and_the_service_stops_claiming_and_resume_reverses_it() {
        openDashboard();
        eventually(() -> assertThat(browser.text("#state")).isEqualTo("RUNNING"));
        assertThat(browser.find("#resume").isEnabled()).isFalse();

        browser.find("#pause").click();
        eventually(() -> assertThat(browser.text("#state")).isEqualTo("PAUSED"));
        assertThat(relay.query("SELECT paused FROM sync_control WHERE name = 'relay'").get(0)).containsEntry("paused", true);
        assertThat(browser.find("#pause").isEnabled()).isFalse();
        relay.insert("orders", "o-1", "INSERT", "{}");
        assertThat(relay.pass("processor").claimed()).isZero();
        assertThat(relay.count("status = 'pending'")).isEqualTo(1);
        eventually(() -> assertThat(browser.text("#n-pending")).isEqualTo("1"));

        browser.find("#resume").sendKeys(Keys.ENTER); // buttons work from the keyboard
        eventually(() -> assertThat(browser.text("#state")).isEqualTo("RUNNING"));
        assertThat(relay.query("SELECT paused FROM sync_control WHERE name = 'relay'").get(0)).containsEntry("paused", false);

        browser.find("#run-now").click();
        eventually(() -> assertThat(relay.count("status = 'completed'")).isEqualTo(1));
        eventually(() -> assertThat(browser.text("td[data-status='completed'][data-operation='INSERT']")).isEqualTo("1"));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private static UUID failedRow(String table, String record, String kind, String error) {
        UUID id = relay.insert(table, record, "UPDATE", "{}");
        relay.update("UPDATE sync_queue SET status = 'failed', retry_count = 3, failure_kind = ?, error_message = ?, "
                + "claimed_at = now() WHERE id = ?", kind, error, id);
        return id;
    }

    /** A queue that looks lived-in: an hour of settled history, rows in every state, some passes. */
    private static void seedAQueueWithHistory() {
        relay.update("""
                INSERT INTO sync_queue (table_name, record_id, operation, payload, status, created_at, processed_at, claimed_at, claimed_by)
                SELECT CASE WHEN g % 3 = 0 THEN 'orders' ELSE 'profiles' END, 'h-' || g,
                       (ARRAY['INSERT', 'UPDATE', 'DELETE', 'SIGNUP_ATOMIC'])[1 + g % 4], '{}',
                       CASE WHEN g % 17 = 0 THEN 'skipped' ELSE 'completed' END,
                       t - make_interval(secs => 0.4 + (g % 9) * 0.35), t, t - interval '200 milliseconds', 'relay-a'
                  FROM generate_series(1, 900) g,
                       LATERAL (SELECT now() - make_interval(secs => 3000 * power(g / 900.0, 0.85)
                                                                 + 240 * (1 + sin(g / 40.0))) AS t) h""");
        relay.update("""
                INSERT INTO sync_queue (table_name, record_id, operation, payload, status, created_at)
                SELECT 'orders', 'n-' || g, CASE WHEN g % 2 = 0 THEN 'UPDATE' ELSE 'INSERT' END, '{}', 'pending',
                       now() - interval '125 seconds' + g * interval '1 second'
                  FROM generate_series(1, 5) g""");
        relay.update("""
                INSERT INTO sync_queue (table_name, record_id, operation, payload, status, created_at, claimed_at, claimed_by, claimed_from)
                VALUES ('profiles', 'w-1', 'UPDATE', '{}', 'processing', now(), now(), 'relay-elsewhere', 'pending'),
                       ('profiles', 'w-2', 'INSERT', '{}', 'processing', now(), now(), 'relay-elsewhere', 'pending')""");
        relay.update("""
                INSERT INTO sync_queue (table_name, record_id, operation, payload, status, retry_count, max_retries, failure_kind,
                                        next_retry_at, error_message, created_at, claimed_at, claimed_by)
                SELECT 'orders', 'r-' || g, 'UPDATE', '{}', 'failed', 1, 3, 'transient', now() + interval '4 minutes',
                       'HTTP 503 from bubble_sync: upstream unavailable (attempt 1 of 3)', now() - g * interval '97 seconds',
                       now() - g * interval '97 seconds', 'relay-a'
                  FROM generate_series(1, 12) g""");
        relay.update("""
                INSERT INTO sync_queue (table_name, record_id, operation, payload, status, retry_count, max_retries, failure_kind,
                                        error_message, created_at, claimed_at, claimed_by)
                VALUES ('profiles', 'p-1042', 'UPDATE', '{}', 'failed', 1, 3, 'permanent',
                        'HTTP 400 from bubble_sync: field "email" is not a valid email address (attempt 1 of 3)',
                        now() - interval '25 minutes', now() - interval '24 minutes', 'relay-a'),
                       ('orders', 'o-9001', 'SIGNUP_ATOMIC', NULL, 'failed', 1, 3, 'permanent',
                        'payload is null (only DELETE may have no payload)', now() - interval '8 minutes', now() - interval '8 minutes', 'relay-a'),
                       ('invoices', 'inv-77', 'DELETE', '{}', 'failed', 3, 3, 'exhausted',
                        'HTTP 503 from bubble_sync: upstream unavailable (attempt 3 of 3)', now() - interval '3 hours',
                        now() - interval '12 minutes', 'relay-a')""");
        relay.update("""
                INSERT INTO sync_run (job, instance, started_at, ended_at, status, claimed, completed, failed, skipped, message)
                SELECT CASE WHEN g = 1 THEN 'retry' ELSE 'processor' END, 'relay-a', now() - g * interval '61 seconds',
                       now() - g * interval '61 seconds' + interval '840 milliseconds', 'succeeded', 20 + g, 19 + g, 1, 0,
                       CASE WHEN g = 1 THEN NULL ELSE 'wake-up: ' || (10 + g) || ' passes' END
                  FROM generate_series(1, 6) g""");
    }
}
