package io.bubblesync.relay;

import io.bubblesync.relay.support.ManagementPort;
import io.bubblesync.relay.support.RawHttp;
import io.bubblesync.relay.support.RelayHarness;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Host rule of the management port: a request must name the address the port is bound to (or localhost, or a name
 * of sync.admin.allowed-hosts). A DNS-rebinding page sends its own name and is refused on every path, /observe
 * included; Kubernetes probes and Prometheus, which send the pod's IP address, pass with no configuration.
 */
class ManagementHostsTest {
    private static final List<String> PATHS = List.of("/admin/status", "/admin/overview", "/observe/health", "/observe/metrics", "/dashboard");

    @Test
    void a_rebinding_page_is_refused_on_every_path_and_the_bound_address_is_answered() {
        Properties p = ManagementPort.enable(RelayHarness.defaults("http://127.0.0.1:9/functions/v1/bubble_sync"));
        try (RelayHarness relay = RelayHarness.start(p)) {
            int port = Integer.parseInt(p.getProperty("camel.management.port"));
            for (String path : PATHS) {
                RawHttp.Answer evil = RawHttp.send(port, "GET", path, "evil.example:" + port);
                assertThat(evil.status()).as(path).isEqualTo(403);
                assertThat(evil.body()).contains("sync.admin.allowed-hosts").doesNotContain("sync_queue_");
                assertThat(RawHttp.send(port, "GET", path, "10.1.2.3:" + port).status()).as(path + ", an address it is not bound to").isEqualTo(403);
                for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "127.0.0.1:9000")) {
                    RawHttp.Answer ok = RawHttp.send(port, "GET", path, host);
                    assertThat(ok.status()).as(path + " Host " + host + " " + ok.body()).isIn(200, 503); // health: 503 when DOWN, not refused
                    assertThat(ok.body()).doesNotContain("allowed-hosts");
                }
            }
            assertThat(RawHttp.send(port, "GET", "/admin/status", null).status()).as("HTTP/1.0 without Host").isEqualTo(403);
            RawHttp.Answer post = RawHttp.send(port, "POST", "/admin/pause", "evil.example:" + port, "X-Bubble-Sync", "1");
            assertThat(post.status()).isEqualTo(403);
            assertThat(relay.query("SELECT paused FROM sync_control WHERE name = 'relay'").get(0)).containsEntry("paused", false);
        }
    }

    @Test
    void a_name_listed_in_allowed_hosts_is_answered_and_other_names_are_not() {
        Properties p = ManagementPort.enable(RelayHarness.defaults("http://127.0.0.1:9/functions/v1/bubble_sync"));
        p.setProperty("sync.admin.allowed-hosts", "relay.internal, ops.example.com");
        try (RelayHarness relay = RelayHarness.start(p)) {
            int port = Integer.parseInt(p.getProperty("camel.management.port"));
            assertThat(RawHttp.send(port, "GET", "/admin/status", "relay.internal:" + port).status()).isEqualTo(200);
            assertThat(RawHttp.send(port, "GET", "/admin/status", "OPS.example.com.").status()).isEqualTo(200);
            // behind a proxy that keeps the browser's Origin: the listed name is the dashboard's own site
            assertThat(RawHttp.send(port, "POST", "/admin/pause", "relay.internal:" + port, "Origin", "https://ops.example.com",
                    "X-Bubble-Sync", "1").status()).isEqualTo(200);
            assertThat(RawHttp.send(port, "GET", "/admin/status", "relay.internal.evil.example").status()).isEqualTo(403);
            assertThat(RawHttp.send(port, "GET", "/admin/status", "evil.example").status()).isEqualTo(403);
        }
    }

    @Test
    void bound_to_every_address_probes_and_scrapes_by_pod_ip_pass_and_names_are_refused() {
        Properties p = ManagementPort.enable(RelayHarness.defaults("http://127.0.0.1:9/functions/v1/bubble_sync"));
        p.setProperty("camel.management.host", "0.0.0.0"); // as deploy/kubernetes does, with a token
        p.setProperty("sync.admin.token", "admin-secret-123");
        try (RelayHarness relay = RelayHarness.start(p)) {
            int port = Integer.parseInt(p.getProperty("camel.management.port"));
            String podIp = "10.244.1.17:" + port; // the kubelet's probe and Prometheus' pod target send Host = pod IP:port
            assertThat(RawHttp.send(port, "GET", "/observe/health/live", podIp).status()).isEqualTo(200);
            assertThat(RawHttp.send(port, "GET", "/observe/health/ready", podIp).status()).isEqualTo(200);
            assertThat(RawHttp.send(port, "GET", "/observe/metrics", podIp).body()).contains("sync_database_up");
            assertThat(RawHttp.send(port, "GET", "/observe/metrics", "[fd00::17]:" + port).status()).isEqualTo(200);
            assertThat(RawHttp.send(port, "GET", "/observe/metrics", "localhost:" + port).status()).as("kubectl port-forward").isEqualTo(200);
            assertThat(RawHttp.send(port, "GET", "/observe/metrics", "bubble-sync.default.svc:" + port).status())
                    .as("a name not listed in sync.admin.allowed-hosts").isEqualTo(403);
            assertThat(RawHttp.send(port, "GET", "/admin/status", podIp).status()).as("the token rule still applies").isEqualTo(401);
        }
    }
}
