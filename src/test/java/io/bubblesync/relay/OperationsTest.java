package io.bubblesync.relay;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.app.CliRun;
import io.bubblesync.relay.ops.Housekeeping;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.RestartablePostgres;
import io.bubblesync.relay.support.Scrape;
import io.bubblesync.relay.support.Sink;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OperationsTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Properties withManagement(Properties p) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            p.setProperty("camel.management.enabled", "true");
            p.setProperty("camel.management.port", Integer.toString(s.getLocalPort()));
        }
        return p;
    }

    private static HttpResponse<String> call(Properties p, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.getProperty("camel.management.port") + path))
                .timeout(Duration.ofSeconds(10)).header("X-Bubble-Sync", "1").method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_pass_that_did_work_is_recorded_listed_by_runs_and_pruned_after_retention() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        try (RelayHarness relay = RelayHarness.start(p)) {
            relay.insert("t", "1", "INSERT", "{}");
            relay.pass("processor");
            relay.pass("processor");

            assertThat(relay.query("SELECT job, status, claimed, completed FROM sync_run"))
                    .containsExactly(Map.of("job", "processor", "status", "succeeded", "claimed", 1, "completed", 1));
            CliRun runs = CliRun.of(Map.of("sync.db.url", p.getProperty("sync.db.url")), "runs");
            assertThat(runs.out()).contains("processor").contains("succeeded").contains("job=processor claimed=1");

            relay.update("UPDATE sync_run SET started_at = now() - interval '8 days'");
            relay.context().getRegistry().lookupByNameAndType("housekeeping", Housekeeping.class).run();
            assertThat(relay.query("SELECT job FROM sync_run")).containsExactly(Map.of("job", "cleanup"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void requeue_dry_run_changes_nothing_and_requeue_resets_retry_state_keeping_the_error_history() {
        Properties p = RelayHarness.defaults(Sink.url(sink));
        try (RelayHarness relay = RelayHarness.start(p)) {
            UUID exhausted = relay.insert("orders", "o-1", "UPDATE", "{}");
            UUID permanent = relay.insert("profiles", "p-1", "UPDATE", "{}");
            relay.update("UPDATE sync_queue SET status = 'failed', retry_count = 3, failure_kind = 'exhausted', error_message = 'HTTP 503' WHERE id = ?", exhausted);
            relay.update("UPDATE sync_queue SET status = 'failed', retry_count = 1, failure_kind = 'permanent', error_message = 'HTTP 400' WHERE id = ?", permanent);
            String before = relay.query("SELECT string_agg(to_jsonb(q)::text, ',' ORDER BY id) AS s FROM sync_queue q").get(0).get("s").toString();
            Map<String, String> db = Map.of("sync.db.url", p.getProperty("sync.db.url"));

            CliRun dry = CliRun.of(db, "requeue", "--all", "--dry-run");
            assertThat(dry.out()).contains("2 row(s) would be requeued");
            assertThat(relay.query("SELECT string_agg(to_jsonb(q)::text, ',' ORDER BY id) AS s FROM sync_queue q").get(0).get("s").toString())
                    .isEqualTo(before);

            CliRun one = CliRun.of(db, "requeue", "--table", "orders");
            assertThat(one.out()).contains("1 row(s) requeued");
            Map<String, Object> row = relay.row(exhausted);
            assertThat(row).containsEntry("status", "failed").containsEntry("retry_count", 0).containsEntry("failure_kind", "transient");
            assertThat(row.get("next_retry_at")).isNotNull();
            assertThat(row.get("error_details").toString()).contains("\"previous_message\": \"HTTP 503\"").contains("\"previous_retry_count\": 3");
            assertThat(relay.row(permanent)).containsEntry("failure_kind", "permanent");

            sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
            assertThat(relay.pass("retry").completed()).isEqualTo(1);
        }
    }

    @Test
    void cleanup_deletes_old_completed_and_old_unscheduled_failed_rows_only() {
        Properties p = RelayHarness.defaults(Sink.url(sink));
        try (RelayHarness relay = RelayHarness.start(p)) {
            relay.update("INSERT INTO sync_queue (table_name, record_id, operation, status, processed_at, created_at, next_retry_at) VALUES "
                    + "('t','old-done','INSERT','completed', now() - interval '10 days', now() - interval '10 days', NULL),"
                    + "('t','new-done','INSERT','completed', now(), now(), NULL),"
                    + "('t','old-failed','INSERT','failed', NULL, now() - interval '40 days', NULL),"
                    + "('t','old-retrying','INSERT','failed', NULL, now() - interval '40 days', now()),"
                    + "('t','old-pending','INSERT','pending', NULL, now() - interval '40 days', NULL)");

            CliRun run = CliRun.of(Map.of("sync.db.url", p.getProperty("sync.db.url")), "cleanup", "--completed-days", "7", "--failed-days", "30");

            assertThat(run.out()).contains("deleted 2 row(s)");
            assertThat(relay.query("SELECT record_id FROM sync_queue ORDER BY record_id"))
                    .extracting(r -> r.get("record_id")).containsExactly("new-done", "old-pending", "old-retrying");
        }
    }

    @Test
    void pause_said_to_one_instance_stops_another_until_resume() {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties a = RelayHarness.defaults(Sink.url(sink));
        Properties b = new Properties();
        b.putAll(a);
        b.setProperty("sync.instance.id", "relay-b");
        try (RelayHarness first = RelayHarness.start(a); RelayHarness second = RelayHarness.start(b)) {
            Map<String, String> db = Map.of("sync.db.url", a.getProperty("sync.db.url"));
            assertThat(CliRun.of(db, "pause").exitCode()).isZero();
            assertThat(CliRun.of(db, "status").out()).contains("PAUSED");
            second.insert("t", "1", "INSERT", "{}");

            await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5)).until(() -> second.pass("processor").claimed() == 0);
            assertThat(second.count("status = 'pending'")).isEqualTo(1);

            assertThat(CliRun.of(db, "resume").exitCode()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> second.pass("processor").completed() == 1);
        }
    }

    @Test
    void health_metrics_and_admin_api_answer_on_the_management_port() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}")));
        Properties p = withManagement(RelayHarness.defaults(Sink.url(sink)));
        try (RelayHarness relay = RelayHarness.start(p)) {
            HttpResponse<String> ready = call(p, "GET", "/observe/health/ready?exposureLevel=full");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"UP\"").contains("database").contains("backlog");

            Map<String, String> insertCompleted = Map.of("operation", "INSERT", "outcome", "completed");
            Scrape first = new Scrape(call(p, "GET", "/observe/metrics").body());
            double before = first.value("sync_items_settled_total", insertCompleted);
            assertThat(first.value("sync_queue_rows", Map.of("state", "pending"))).isZero();
            relay.insert("t", "1", "INSERT", "{}");
            HttpResponse<String> runNow = call(p, "POST", "/admin/run-now");
            assertThat(runNow.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.count("status = 'completed'") == 1);

            Scrape after = new Scrape(call(p, "GET", "/observe/metrics").body());
            assertThat(after.value("sync_items_settled_total", insertCompleted)).isEqualTo(before + 1);
            assertThat(after.value("sync_batches_total", Map.of("outcome", "delivered"))).isEqualTo(1);
            assertThat(after.histogramCount("sync_http_request_seconds", Map.of("result", "2xx"))).isEqualTo(1);
            assertThat(after.has("sync_claim_seconds")).isTrue();
            assertThat(after.has("sync_oldest_due_seconds")).isTrue();
            assertThat(after.value("sync_breaker_open", Map.of())).isZero();
            // Camel's per-route timers stay; its per-endpoint exchange notifier is off (its first gauge raced at start)
            assertThat(after.has("camel_route_policy_seconds")).as(after.toString()).isTrue();
            assertThat(after.has("camel_exchanges_last_timestamp")).isFalse();
            assertThat(after.has("camel_exchange_event_notifier_seconds")).isFalse();
            assertThat(call(p, "POST", "/admin/pause").body()).contains("\"paused\":true");
            assertThat(call(p, "GET", "/admin/status").body()).contains("\"paused\":true");
            assertThat(call(p, "POST", "/admin/resume").body()).contains("\"paused\":false");
            assertThat(call(p, "GET", "/admin/runs").body()).contains("\"job\":\"processor\"");
            relay.update("UPDATE sync_queue SET status = 'failed', failure_kind = 'permanent', processed_at = NULL, claimed_at = now() - interval '60 days', created_at = now() - interval '60 days'");
            assertThat(call(p, "POST", "/admin/requeue?all=true&dryRun=true").body()).contains("\"dry_run\":true").contains("\"rows\":1");
            assertThat(relay.count("failure_kind = 'permanent'")).isEqualTo(1);
            assertThat(call(p, "POST", "/admin/cleanup").body()).contains("\"deleted\":1");
            assertThat(relay.count("true")).isZero();

            relay.insert("t", "2", "UPDATE", "{}");
            CliRun runNowCli = CliRun.of(Map.of(), "run-now", "--url", "http://127.0.0.1:" + p.getProperty("camel.management.port"));
            assertThat(runNowCli.exitCode()).as(runNowCli.out() + runNowCli.err()).isZero();
            assertThat(runNowCli.out()).contains("HTTP 202");
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.count("status = 'completed'") == 1);
        }
    }

    @Test
    void readiness_goes_down_when_postgres_stops_and_up_when_it_returns() throws Exception {
        try (RestartablePostgres pg = new RestartablePostgres()) {
            Properties p = withManagement(RelayHarness.defaults(Sink.url(sink)));
            p.setProperty("sync.db.url", pg.jdbcUrl());
            try (RelayHarness relay = RelayHarness.start(p)) {
                assertThat(call(p, "GET", "/observe/health/ready").statusCode()).isEqualTo(200);

                pg.stop();
                await().atMost(Duration.ofSeconds(20)).until(() -> call(p, "GET", "/observe/health/ready").statusCode() == 503);
                assertThat(call(p, "GET", "/observe/health/live").statusCode()).as("alive while the database is away").isEqualTo(200);

                pg.startAgain();
                await().atMost(Duration.ofSeconds(30)).until(() -> call(p, "GET", "/observe/health/ready").statusCode() == 200);
            }
        }
    }

    @Test
    void backlog_check_goes_down_when_the_oldest_due_row_waits_too_long_and_admin_needs_its_token() throws Exception {
        Properties p = withManagement(RelayHarness.defaults(Sink.url(sink)));
        p.setProperty("sync.health.max-pending-age", "60s");
        p.setProperty("sync.admin.token", "admin-secret-123");
        try (RelayHarness relay = RelayHarness.start(p)) {
            UUID old = relay.insert("t", "1", "INSERT", "{}");
            relay.update("UPDATE sync_queue SET created_at = now() - interval '5 minutes' WHERE id = ?", old);

            await().atMost(Duration.ofSeconds(10)).until(() -> call(p, "GET", "/observe/health/ready").statusCode() == 503);
            assertThat(call(p, "GET", "/observe/health/ready?exposureLevel=full").body()).contains("backlog: oldest due row waits");

            assertThat(call(p, "POST", "/admin/pause").statusCode()).isEqualTo(401);
            HttpRequest withToken = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.getProperty("camel.management.port") + "/admin/pause"))
                    .header("Authorization", "Bearer admin-secret-123").header("X-Bubble-Sync", "1").POST(HttpRequest.BodyPublishers.noBody()).build();
            assertThat(HTTP.send(withToken, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
