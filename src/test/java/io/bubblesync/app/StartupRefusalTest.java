package io.bubblesync.app;

import io.bubblesync.relay.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StartupRefusalTest {
    private static Map<String, String> realDeployment(String dbUrl) {
        Map<String, String> p = new HashMap<>();
        p.put("sync.db.url", dbUrl);
        p.put("sync.endpoint.url", "http://127.0.0.1:9/functions/v1/bubble_sync");
        p.put("sync.endpoint.token", "k-123456");
        return p;
    }

    private static void assertRefused(CliRun run, String expected) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).contains(expected);
        assertThat(run.err().strip().lines()).as("one actionable line, no stack trace").hasSize(1);
        assertThat(run.out()).doesNotContain("Exception");
    }

    @Test
    void missing_table_with_migration_off_is_refused() {
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.schema.migrate-on-start", "false");

        assertRefused(CliRun.of(p, "once"), "table sync_queue does not exist and migration is off");
    }

    @Test
    void real_endpoint_without_token_is_refused() {
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.endpoint.token", "");

        assertRefused(CliRun.of(p, "once"), "no service-role key");
    }

    @Test
    void unparsable_cron_is_refused() {
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.processor.cron", "every minute");

        assertRefused(CliRun.of(p, "run"), "sync.processor.cron='every minute' is not a Quartz cron");
    }

    @Test
    void an_unknown_fields_policy_other_than_fail_or_drop_is_refused() {
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.target", "bubble");
        p.put("bubble.api.url", "http://127.0.0.1:9/api/1.1");
        p.put("bubble.api.key", "k-123456");
        p.put("sync.bubble.unknown-fields", "ignore");

        assertRefused(CliRun.of(p, "run"), "sync.bubble.unknown-fields='ignore' must be fail or drop");
    }

    @Test
    void a_bubble_rate_and_lease_too_small_to_send_one_batch_within_the_lease_are_refused() {
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.target", "bubble");
        p.put("bubble.api.url", "http://127.0.0.1:9/api/1.1");
        p.put("bubble.api.key", "k-123456");
        p.put("sync.http.timeout", "5s");
        p.put("sync.lease", "30s");
        p.put("sync.bubble.rate-limit", "6");

        assertRefused(CliRun.of(p, "run"), "sync.bubble.rate-limit=6/min and sync.lease=30s cannot send one batch (sync.batch.size=5 calls, 40s) "
                + "while the lease has 2 x sync.http.timeout (10s) to go: raise sync.lease to at least 50s, sync.bubble.rate-limit to at least 12, "
                + "or lower sync.batch.size");
    }

    @Test
    void a_lease_that_leaves_no_time_to_send_after_twice_the_http_timeout_is_refused_for_bubble() {
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.target", "bubble");
        p.put("bubble.api.url", "http://127.0.0.1:9/api/1.1");
        p.put("bubble.api.key", "k-123456");
        p.put("sync.http.timeout", "30s");
        p.put("sync.http.redeliveries", "1");
        p.put("sync.lease", "60s"); // accepted by the lease >= timeout x (redeliveries + 1) rule; leaves 0 s to send in

        assertRefused(CliRun.of(p, "run"), "sync.lease=60s cannot send one batch (sync.batch.size=5 calls, 1s) while the lease has "
                + "2 x sync.http.timeout (60s) to go: raise sync.lease to at least 61s, or lower sync.batch.size");
    }

    @Test
    void unparsable_endpoint_url_is_refused() {
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.endpoint.url", "ftp//nowhere");

        assertRefused(CliRun.of(p, "run"), "is not an http(s) URL");
    }

    @Test
    void admin_api_beyond_loopback_without_a_token_is_refused() {
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("camel.management.host", "0.0.0.0");

        assertRefused(CliRun.of(p, "run"), "exposes /admin beyond this machine: set sync.admin.token");
    }

    @Test
    void broken_yaml_route_in_the_extra_dir_is_refused_naming_the_file(@TempDir Path extra) throws Exception {
        Path broken = extra.resolve("mine.camel.yaml");
        Files.writeString(broken, """
                - route:
                    id: mine
                    from:
                      uri: direct:hook-after-pass
                      steps:
                        - noSuchStep: {}
                """);
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.routes.extra-dir", extra.toString());

        assertRefused(CliRun.of(p, "once"), "sync.routes.extra-dir: " + broken + " does not load");
    }

    @Test
    void user_route_with_an_unknown_component_is_refused_naming_the_file(@TempDir Path extra) throws Exception {
        Path broken = extra.resolve("typo.camel.yaml");
        Files.writeString(broken, """
                - route:
                    id: typo
                    from:
                      uri: direct:hook-on-failure
                      steps:
                        - to: htp://example.com/alert
                """);
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.routes.extra-dir", extra.toString());

        assertRefused(CliRun.of(p, "once"), broken + ": route 'typo' cannot start: ");
    }

    @Test
    void java_route_that_does_not_compile_is_refused_naming_the_file(@TempDir Path extra) throws Exception {
        Path broken = extra.resolve("Mine.java");
        Files.writeString(broken, """
                import org.apache.camel.builder.RouteBuilder;

                public class Mine extends RouteBuilder {
                    public void configure() {
                        from("direct:hook-after-pass").routeId("mine").noSuchMethod();
                    }
                }
                """);
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.routes.extra-dir", extra.toString());
        p.put("sync.routes.dsl", "java");

        assertRefused(CliRun.of(p, "run"), "sync.routes.extra-dir: " + broken + " does not load");
    }

    @Test
    void unreachable_database_is_refused() {
        Map<String, String> p = realDeployment("jdbc:postgresql://127.0.0.1:9/postgres?connectTimeout=2");

        assertRefused(CliRun.of(p, "status"), "cannot connect to sync.db.url");
    }

    @Test
    void bubble_target_without_api_url_or_key_is_refused() {
        Map<String, String> p = realDeployment(TestPostgres.newDatabase());
        p.put("sync.target", "bubble");

        assertRefused(CliRun.of(p, "once"), "sync.target=bubble but no Bubble API: set BUBBLE_API_URL");
        p.put("bubble.api.url", "https://app.example.com/api/1.1");
        assertRefused(CliRun.of(p, "once"), "no Bubble API key for https://app.example.com/api/1.1: set BUBBLE_API_KEY");
    }
}
