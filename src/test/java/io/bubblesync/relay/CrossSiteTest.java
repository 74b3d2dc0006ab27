package io.bubblesync.relay;

import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.RawHttp;
import io.bubblesync.relay.support.RelayHarness;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a web page on another site can make a browser send to the management port, with the packaged defaults
 * (loopback, no sync.admin.token): "simple" requests (a form, a fetch without custom headers, no preflight) that would
 * pause, resume or requeue are refused before anything changes; a foreign Origin is refused whatever it asks; a
 * preflight gets no CORS grant. The dashboard's own calls and a command-line client's still work.
 */
class CrossSiteTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String EVIL = "https://evil.example";
    private static Properties p;
    private static RelayHarness relay;
    private static int port;

    @BeforeAll
    static void start() {
        p = ManagementPort.enable(RelayHarness.defaults("http://127.0.0.1:9/functions/v1/bubble_sync"));
        relay = RelayHarness.start(p);
        port = Integer.parseInt(p.getProperty("camel.management.port"));
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @BeforeEach
    void resumed() {
        relay.update("UPDATE sync_control SET paused = false WHERE name = 'relay'");
    }

    @Test
    void a_cross_site_form_post_cannot_pause_resume_or_requeue() {
        for (String path : List.of("/admin/pause", "/admin/resume", "/admin/requeue?all=true", "/admin/run-now", "/admin/cleanup")) {
            RawHttp.Answer a = RawHttp.send(port, "POST", path, host(), "Origin", EVIL, "Content-Type", FORM);
            assertThat(a.status()).as(path + " " + a.body()).isEqualTo(403);
            assertThat(a.body()).startsWith("{\"error\":\"").contains("another site");
            assertThat(a.headers()).doesNotContainKey("access-control-allow-origin");
        }
        assertThat(paused()).isFalse();
    }

    @Test
    void a_simple_request_without_origin_or_marker_changes_nothing() {
        relay.insert("orders", "o-1", "INSERT", "{}");
        relay.update("UPDATE sync_queue SET status = 'failed', failure_kind = 'permanent', error_message = 'HTTP 400' WHERE record_id = 'o-1'");
        for (String contentType : List.of(FORM, "text/plain", "multipart/form-data; boundary=x")) {
            for (String path : List.of("/admin/pause", "/admin/requeue?all=true")) {
                RawHttp.Answer a = RawHttp.send(port, "POST", path, host(), "Content-Type", contentType);
                assertThat(a.status()).as(path + " " + contentType + " " + a.body()).isEqualTo(403);
                assertThat(a.body()).contains("X-Bubble-Sync");
            }
        }
        assertThat(paused()).isFalse();
        assertThat(relay.count("status = 'failed'")).isEqualTo(1);
    }

    @Test
    void a_foreign_origin_cannot_read_the_admin_answers_either() {
        for (String path : List.of("/admin/status", "/admin/overview", "/admin/failed", "/observe/metrics", "/dashboard")) {
            RawHttp.Answer a = RawHttp.send(port, "GET", path, host(), "Origin", EVIL);
            assertThat(a.status()).as(path).isEqualTo(403);
            assertThat(a.body()).doesNotContain("queue").doesNotContain("sync_");
            assertThat(a.headers()).doesNotContainKey("access-control-allow-origin");
        }
        assertThat(RawHttp.send(port, "GET", "/admin/status", host(), "Origin", "null").status()).as("sandboxed page").isEqualTo(403);
    }

    @Test
    void a_preflight_gets_no_cors_grant_so_the_browser_never_sends_the_marked_call() {
        RawHttp.Answer a = RawHttp.send(port, "OPTIONS", "/admin/pause", host(), "Origin", EVIL,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-bubble-sync");
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    }

    @Test
    void the_dashboards_own_calls_and_a_command_line_clients_work() {
        RawHttp.Answer own = RawHttp.send(port, "POST", "/admin/pause", host(), "Origin", "http://" + host(), "X-Bubble-Sync", "1");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(paused()).isTrue();
        RawHttp.Answer json = RawHttp.send(port, "POST", "/admin/resume", host(), "Content-Type", "application/json; charset=utf-8");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(paused()).isFalse();
        assertThat(RawHttp.send(port, "GET", "/admin/status", host(), "Origin", "http://" + host()).status()).isEqualTo(200);
        assertThat(ManagementPort.call(p, "POST", "/admin/pause", null).statusCode()).isEqualTo(200);
    }

    private static String host() {
        return "127.0.0.1:" + port;
    }

    private static boolean paused() {
        return Boolean.TRUE.equals(relay.query("SELECT paused FROM sync_control WHERE name = 'relay'").get(0).get("paused"));
    }
}
