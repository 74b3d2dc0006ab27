package io.bubblesync.relay;

import io.bubblesync.app.CliRun;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command-line option and admin API parameter fed bad values (negative, zero, huge, malformed ids, unknown
 * tables, empty strings): exit code 2 or HTTP 400 with one line, and every row byte-identical afterwards.
 */
class BadInputTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String everything(RelayHarness relay) {
        return relay.query("SELECT (SELECT coalesce(string_agg(to_jsonb(q)::text, ',' ORDER BY id), '') FROM sync_queue q)"
                + " || (SELECT coalesce(string_agg(to_jsonb(c)::text, ','), '') FROM sync_control c)"
                + " || (SELECT count(*) FROM sync_run)::text AS s").get(0).get("s").toString();
    }

    /** 20 rows completed a second ago, 2 failed for good 40 days ago, 3 pending. */
    private static void seed(RelayHarness relay) {
        relay.update("INSERT INTO sync_queue (table_name, record_id, operation, status, processed_at, created_at) "
                + "SELECT 'profiles', 'done-' || g, 'UPDATE', 'completed', now() - interval '1 second', now() - interval '2 seconds' FROM generate_series(1, 20) g");
        relay.update("INSERT INTO sync_queue (table_name, record_id, operation, status, failure_kind, error_message, claimed_at, created_at) "
                + "SELECT 'orders', 'failed-' || g, 'INSERT', 'failed', 'permanent', 'HTTP 400', now() - interval '40 days', now() - interval '40 days' FROM generate_series(1, 2) g");
        relay.update("INSERT INTO sync_queue (table_name, record_id, operation) SELECT 'orders', 'new-' || g, 'INSERT' FROM generate_series(1, 3) g");
    }

    @Test
    void every_command_refuses_bad_values_with_exit_code_2_and_one_line_changing_nothing() {
        try (RelayHarness relay = RelayHarness.start(RelayHarness.defaults(dummySinkUrl()))) {
            seed(relay);
            String before = everything(relay);
            Map<String, String> db = Map.of("sync.db.url", relay.settings().dbUrl());
            List<String[]> bad = List.of(
                    new String[] {"cleanup", "--completed-days", "-3"},
                    new String[] {"cleanup", "--completed-days", "0"},
                    new String[] {"cleanup", "--failed-days", "-1"},
                    new String[] {"cleanup", "--completed-days", "99999999999"},
                    new String[] {"cleanup", "--completed-days", "36501"},
                    new String[] {"cleanup", "--completed-days", "abc"},
                    new String[] {"cleanup", "--completed-days", ""},
                    new String[] {"cleanup", "--bogus"},
                    new String[] {"requeue", "--id", "not-a-uuid"},
                    new String[] {"requeue", "--id", ""},
                    new String[] {"requeue", "--id", "1; DELETE FROM sync_queue"},
                    new String[] {"requeue", "--table", ""},
                    new String[] {"requeue", "--table", "   "},
                    new String[] {"requeue", "--table", "no_such_table"},
                    new String[] {"requeue", "--table", "x".repeat(200)},
                    new String[] {"requeue"},
                    new String[] {"requeue", "--id", "3f2a0c1e-4b6d-4e8a-9c1d-2b3a4c5d6e7f", "--all"},
                    new String[] {"runs", "--limit", "0"},
                    new String[] {"runs", "--limit", "-5"},
                    new String[] {"runs", "--limit", "1000000"},
                    new String[] {"run-now", "--url", "not a url"},
                    new String[] {"run-now", "--url", ""},
                    new String[] {"status", "--bogus"});
            for (String[] args : bad) {
                CliRun run = CliRun.of(db, args);
                String what = String.join(" ", args) + " -> " + run.err() + run.out();
                assertThat(run.exitCode()).as(what).isEqualTo(2);
                assertThat(run.err().strip().lines().count()).as(what).isEqualTo(1);
                assertThat(run.err()).as(what).startsWith("bubble-sync: ").doesNotContain("Exception");
                assertThat(everything(relay)).as(what).isEqualTo(before);
            }
        }
    }

    @Test
    void cleanup_dry_run_says_what_it_would_delete_and_deletes_nothing() {
        try (RelayHarness relay = RelayHarness.start(RelayHarness.defaults(dummySinkUrl()))) {
            seed(relay);
            relay.update("UPDATE sync_queue SET processed_at = now() - interval '10 days' WHERE record_id IN ('done-1', 'done-2')");
            String before = everything(relay);

            CliRun dry = CliRun.of(Map.of("sync.db.url", relay.settings().dbUrl()), "cleanup", "--completed-days", "7", "--failed-days", "30", "--dry-run");

            assertThat(dry.exitCode()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("would delete 4 row(s): 2 completed/skipped older than 7d, 2 failed older than 30d (dry run, nothing deleted)");
            assertThat(everything(relay)).isEqualTo(before);
        }
    }

    @Test
    void every_admin_call_refuses_bad_parameters_with_http_400_and_one_line_changing_nothing() throws Exception {
        Properties p = RelayHarness.defaults(dummySinkUrl());
        try (ServerSocket s = new ServerSocket(0)) {
            p.setProperty("camel.management.enabled", "true");
            p.setProperty("camel.management.port", Integer.toString(s.getLocalPort()));
        }
        try (RelayHarness relay = RelayHarness.start(p)) {
            seed(relay);
            String before = everything(relay);
            List<String> bad = List.of(
                    "POST /admin/cleanup?completedDays=-3", "POST /admin/cleanup?completedDays=0", "POST /admin/cleanup?failedDays=-1",
                    "POST /admin/cleanup?completedDays=99999999999", "POST /admin/cleanup?completedDays=abc", "POST /admin/cleanup?completedDays=",
                    "POST /admin/cleanup?dryRun=maybe", "POST /admin/cleanup?retention=1",
                    "POST /admin/requeue?id=not-a-uuid", "POST /admin/requeue?id=", "POST /admin/requeue?table=", "POST /admin/requeue?table=%20",
                    "POST /admin/requeue?table=no_such_table", "POST /admin/requeue?table=" + "x".repeat(200), "POST /admin/requeue?all=yes",
                    "POST /admin/requeue", "POST /admin/requeue?all=true&table=orders", "POST /admin/requeue?all=true&all=true",
                    "POST /admin/requeue?id=1%3B%20DELETE%20FROM%20sync_queue",
                    "GET /admin/runs?limit=0", "GET /admin/runs?limit=-1", "GET /admin/runs?limit=abc", "GET /admin/runs?limit=1000000",
                    "POST /admin/pause?paused=false", "POST /admin/resume?x=1", "GET /admin/status?verbose", "POST /admin/run-now?job=retry");
            for (String call : bad) {
                String[] parts = call.split(" ", 2);
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.getProperty("camel.management.port") + parts[1]))
                        .timeout(Duration.ofSeconds(10)).header("X-Bubble-Sync", "1").method(parts[0], HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(call + " -> " + response.body()).isEqualTo(400);
                assertThat(response.body()).as(call).startsWith("{\"error\":\"").doesNotContain("\n").doesNotContain("Exception");
                assertThat(everything(relay)).as(call).isEqualTo(before);
            }
            HttpResponse<String> dry = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.getProperty("camel.management.port")
                    + "/admin/cleanup?completedDays=7&failedDays=30&dryRun=true")).header("X-Bubble-Sync", "1").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dry.body()).contains("\"dry_run\":true").contains("\"would_delete\":{\"completed\":0,\"failed\":2}");
            assertThat(everything(relay)).isEqualTo(before);
        }
    }

    private static String dummySinkUrl() {
        return "http://127.0.0.1:9" + Sink.PATH; // nothing is delivered in these tests
    }
}
