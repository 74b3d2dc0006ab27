package io.bubblesync.app;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.bubblesync.relay.support.LaunchedRelay;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.Sink;
import java.net.ServerSocket;
import org.awaitility.core.ConditionTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay started as a user starts it (no JVM flags: a launcher and the relay's own JVM). Whatever happens to the
 * process that was started, no relay outlives it: SIGKILL of the started process stops the relay JVM within 5 s,
 * with its rows handed back; in dev mode Ctrl-C stops the relay before its embedded PostgreSQL.
 */
class LauncherKillTest {
    @RegisterExtension
    static WireMockExtension sink = Sink.extension();

    @Test
    void run_killed_with_sigkill_leaves_no_relay_jvm_and_no_open_port_after_5_s() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}").withFixedDelay(1_000)));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        int port = freePort();
        try (RelayHarness db = RelayHarness.start(p)) {
            db.insertOrders(200);
            try (LaunchedRelay relay = LaunchedRelay.start("launcher-killed-run", env(p, "orphan-run", port), "run")) {
                await().atMost(Duration.ofSeconds(90)).until(() -> !sink.getAllServeEvents().isEmpty() || !relay.isAlive());
                await().atMost(Duration.ofSeconds(30)).until(() -> LaunchedRelay.answers(port) || !relay.isAlive());
                List<ProcessHandle> jvms = relay.descendants();
                assertThat(jvms).as("the launcher started the relay's JVM\n" + relay.log()).isNotEmpty();

                relay.killStartedProcess();

                assertGoneWithin5s(relay, jvms, port);
                assertThat(relay.log()).contains("closed the relay's lifeline");
            }
            assertThat(db.count("status = 'processing'")).as("a clean stop hands claimed rows back").isZero();
            assertThat(db.count("status = 'completed'")).isPositive();
        }
    }

    @Test
    void once_killed_with_sigkill_leaves_no_relay_jvm_after_5_s() throws Exception {
        sink.stubFor(post(urlEqualTo(Sink.PATH)).willReturn(okJson("{}").withFixedDelay(1_000)));
        Properties p = RelayHarness.defaults(Sink.url(sink));
        int port = freePort();
        try (RelayHarness db = RelayHarness.start(p)) {
            db.insertOrders(400);
            try (LaunchedRelay relay = LaunchedRelay.start("launcher-killed-once", env(p, "orphan-once", port), "once")) {
                await().atMost(Duration.ofSeconds(90)).until(() -> !sink.getAllServeEvents().isEmpty() || !relay.isAlive());
                List<ProcessHandle> jvms = relay.descendants();
                assertThat(jvms).as("once is still delivering in the relay's JVM\n" + relay.log()).isNotEmpty();

                relay.killStartedProcess();

                assertGoneWithin5s(relay, jvms, port);
            }
            assertThat(db.count("status = 'processing'")).as("a clean stop hands claimed rows back").isZero();
            assertThat(db.count("status = 'pending'")).as("once was stopped before the backlog was delivered").isPositive();
        }
    }

    @Test
    void ctrl_c_in_dev_mode_stops_the_relay_before_its_embedded_postgresql() throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("CAMEL_MANAGEMENT_PORT", Integer.toString(port));
        env.put("SYNC_DEV_DEMO_ROWS", "40");
        try (LaunchedRelay relay = LaunchedRelay.start("dev-mode-ctrl-c", env, "run")) {
            await().atMost(Duration.ofSeconds(120)).until(() -> relay.log().contains("pass done") || !relay.isAlive());
            Matcher pg = Pattern.compile("embedded PostgreSQL at jdbc:postgresql://localhost:(\\d+)/").matcher(relay.log());
            assertThat(pg.find()).as(relay.log()).isTrue();
            List<Long> group = new ArrayList<>(List.of(relay.pid()));
            relay.descendants().forEach(h -> group.add(h.pid()));
            assertThat(group).as("launcher and relay JVM").hasSize(2);
            assertThat(postgres(pg.group(1))).as("dev mode's PostgreSQL runs").isNotEmpty();

            // Ctrl-C: the terminal signals its foreground process group, the launcher and the relay JVM (PostgreSQL
            // is in a session of its own, pg_ctl's setsid). A JVM that inherited SIGINT ignored installs no hook for it:
            // then SIGTERM, which takes the same way out.
            LaunchedRelay.signal(LaunchedRelay.ignoresSigint(relay.pid()) ? "TERM" : "INT", group);

            assertThat(relay.waitFor(30)).as("stopped within 30 s\n" + relay.log()).isTrue();
            String log = relay.log();
            assertThat(log).doesNotContain("database unreachable").doesNotContain("without handing back");
            assertThat(postgres(pg.group(1))).as("dev mode's PostgreSQL stopped with the relay").isEmpty();
        }
    }

    private static void assertGoneWithin5s(LaunchedRelay relay, List<ProcessHandle> jvms, int port) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> jvms.stream().noneMatch(ProcessHandle::isAlive) && !LaunchedRelay.answers(port));
        } catch (ConditionTimeoutException stillThere) {
            // the assertions below say what is still alive or answering
        }
        assertThat(jvms.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                .as("relay JVMs alive 5 s after the started process was killed\n" + relay.log()).isEmpty();
        assertThat(LaunchedRelay.answers(port)).as("management port still answers").isFalse();
    }

    private static List<ProcessHandle> postgres(String port) {
        return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").matches(".*/postgres .*-p " + port + "( .*|$)"))
                .toList();
    }

    private static Map<String, String> env(Properties p, String instance, int port) {
        return Map.of("SYNC_DB_URL", p.getProperty("sync.db.url"), "BUBBLE_SYNC_URL", Sink.url(sink), "SERVICE_ROLE_KEY", RelayHarness.TOKEN,
                "SYNC_INSTANCE_ID", instance, "SYNC_PROCESSOR_CRON", "* * * * * ?", "CAMEL_MANAGEMENT_PORT", Integer.toString(port));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
