package io.bubblesync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.support.DeployedFunction;
import io.bubblesync.relay.support.RelayHarness;
import io.bubblesync.relay.support.SupabaseStandIns;
import io.bubblesync.relay.support.TestPostgres;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorTest {
    private static final String KEY = "doctor-service-role-key-3e9a51";

    private static String migrated() {
        String db = TestPostgres.newDatabase();
        assertThat(CliRun.of(Map.of("sync.db.url", db), "migrate").exitCode()).isZero();
        return db;
    }

    private static Map<String, String> configured(String db, DeployedFunction function) {
        Map<String, String> p = new HashMap<>();
        p.put("sync.db.url", db);
        p.put("sync.endpoint.url", function.url());
        p.put("sync.endpoint.token", KEY);
        return p;
    }

    /**
     * The relay's migration files on the classpath (db/bubble-sync/V*__*.sql) as doctor names them, in version order:
     * "V1, V2, …, V10". Read from the files, not from Flyway, so a migration doctor leaves out fails the test.
     */
    private static String migrationFiles() throws Exception {
        Path dir = Path.of(DoctorTest.class.getClassLoader().getResource("db/bubble-sync").toURI());
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V[0-9._]+__.*\\.sql"))
                    .map(n -> MigrationVersion.fromVersion(n.substring(1, n.indexOf("__")))).sorted()
                    .map(v -> "V" + v.getVersion()).collect(Collectors.joining(", "));
        }
    }

    /** The check lines, without the summary. */
    private static List<String> lines(CliRun run) {
        return run.out().lines().filter(l -> !l.startsWith("doctor: ")).toList();
    }

    /** An origin-like database: the two pg_cron jobs and one of its own, rows the old chain left, secrets in Vault. */
    private static void originLike(String db, DeployedFunction function) throws Exception {
        SupabaseStandIns.cron(db);
        SupabaseStandIns.schedule(db, "bubble-sync-processor", "* * * * *", SupabaseStandIns.originProcessorCommand());
        SupabaseStandIns.schedule(db, "bubble-sync-retry", "*/5 * * * *",
                "SELECT net.http_post(url := 'https://x.supabase.co/functions/v1/bubble_sync', body := '{\"action\":\"retry_failed\",\"payload\":{}}'::jsonb)");
        SupabaseStandIns.schedule(db, "nightly-vacuum", "0 3 * * *", "VACUUM ANALYZE public.listing");
        SupabaseStandIns.vault(db);
        SupabaseStandIns.secret(db, "supabase_url", function.projectUrl());
        SupabaseStandIns.secret(db, "service_role_key", KEY);
        SchemaMigrationTest.sql(db, """
                INSERT INTO sync_queue (table_name, record_id, operation, status, created_at) VALUES
                  ('listing', 's1', 'UPDATE', 'processing', now() - interval '2 days'),
                  ('listing', 's2', 'UPDATE', 'processing', now() - interval '1 day');
                INSERT INTO sync_queue (table_name, record_id, operation, status, retry_count, max_retries) VALUES
                  ('user', 'd1', 'INSERT', 'failed', 1, 3), ('user', 'd2', 'INSERT', 'failed', 0, 3), ('user', 'd3', 'UPDATE', 'failed', 2, 3),
                  ('user', 'x1', 'UPDATE', 'failed', 3, 3);
                INSERT INTO sync_queue (table_name, record_id, operation, status, retry_count, max_retries, failure_kind) VALUES
                  ('user', 'p1', 'UPDATE', 'failed', 1, 3, 'permanent');
                """);
    }

    @Test
    void a_clean_database_with_a_reachable_function_is_all_green_and_exits_0() throws Exception {
        String db = migrated();
        try (DeployedFunction function = new DeployedFunction(db)) {
            CliRun run = CliRun.of(configured(db, function), "doctor");
            CliRun json = CliRun.of(configured(db, function), "doctor", "--json");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(lines(run)).hasSizeGreaterThanOrEqualTo(9).allSatisfy(l -> assertThat(l).startsWith("✔ "));
            assertThat(run.out()).contains("✔ database: PostgreSQL 15").contains("✔ relay migrations: all applied (" + migrationFiles() + ")")
                    .contains("✔ pending-unique index: sync_queue_pending_record_uidx")
                    .contains("✔ target (bubble_sync): OPTIONS " + function.url() + " answered HTTP 200")
                    .doesNotContain(KEY);
            JsonNode report = new ObjectMapper().readTree(json.out());
            assertThat(report.path("ok").asBoolean()).isTrue();
            assertThat(report.path("checks").findValuesAsText("status")).containsOnly("ok");
        }
    }

    @Test
    void an_origin_like_database_warns_about_each_leftover_with_its_count_and_fix() throws Exception {
        String db = migrated();
        try (DeployedFunction function = new DeployedFunction(db)) {
            originLike(db, function);
            Map<String, String> p = new HashMap<>();
            p.put("sync.db.url", db);
            p.put("sync.target", "legacy");

            CliRun run = CliRun.of(p, "doctor");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .contains("⚠ pg_cron: job 'bubble-sync-processor' (* * * * *) still calls bubble_sync: it and the relay would compete"
                            + " for the same rows — fix: doctor --fix (runs select cron.unschedule('bubble-sync-processor'))")
                    .contains("⚠ pg_cron: job 'bubble-sync-retry' (*/5 * * * *) still calls bubble_sync")
                    .doesNotContain("nightly-vacuum")
                    .contains("⚠ rows left processing: 2 rows 'processing' that no relay claimed")
                    .contains("⚠ failed rows never retried: 3 failed rows with attempts left and no next_retry_at")
                    .contains("requeue --all --dry-run")
                    .contains("✔ secrets: endpoint URL from Vault ('supabase_url'), service-role key from Vault ('service_role_key') (not shown)")
                    .contains("✔ target (legacy): OPTIONS " + function.url() + " answered HTTP 200")
                    .contains("doctor: ").contains(" 4 warning(s), 0 failure(s)")
                    .doesNotContain(KEY);
            assertThat(function.authorizations()).as("OPTIONS is not recorded as a call").isEmpty();
        }
    }

    @Test
    void fix_unschedules_exactly_the_two_jobs_calling_bubble_sync_printing_each() throws Exception {
        String db = migrated();
        try (DeployedFunction function = new DeployedFunction(db)) {
            originLike(db, function);
            Map<String, String> p = configured(db, function);

            CliRun fix = CliRun.of(p, "doctor", "--fix");

            assertThat(fix.out()).contains("fixed: unscheduled pg_cron job 'bubble-sync-processor' (* * * * *): select cron.unschedule('bubble-sync-processor')")
                    .contains("fixed: unscheduled pg_cron job 'bubble-sync-retry' (*/5 * * * *): select cron.unschedule('bubble-sync-retry')")
                    .contains("✔ pg_cron: no job calls bubble_sync");
            assertThat(fix.out().lines().filter(l -> l.startsWith("fixed: "))).hasSize(2);
            try (var c = java.sql.DriverManager.getConnection(db, "postgres", "");
                 var rs = c.createStatement().executeQuery("SELECT string_agg(jobname, ',') FROM cron.job")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("nightly-vacuum");
            }
            assertThat(CliRun.of(p, "doctor").out()).doesNotContain("fixed:").contains("✔ pg_cron: no job calls bubble_sync");
            assertThat(CliRun.of(p, "doctor").out()).as("--fix touched nothing else").contains("⚠ rows left processing: 2 rows");
        }
    }

    @Test
    void an_unreachable_target_or_a_missing_key_is_a_failure_and_exits_1() throws Exception {
        String db = migrated();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> p = new HashMap<>();
        p.put("sync.db.url", db);
        p.put("sync.endpoint.url", "http://127.0.0.1:" + closed + "/functions/v1/bubble_sync");
        p.put("sync.endpoint.token", KEY);
        p.put("sync.http.timeout", "2s");

        CliRun unreachable = CliRun.of(p, "doctor", "--json");
        p.put("sync.endpoint.token", "");
        CliRun noKey = CliRun.of(p, "doctor");

        assertThat(unreachable.exitCode()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(unreachable.out());
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("checks").findValuesAsText("status")).contains("fail");
        assertThat(unreachable.out()).contains("cannot reach http://127.0.0.1:" + closed);
        assertThat(noKey.exitCode()).isEqualTo(1);
        assertThat(noKey.out()).contains("✖ secrets: no service-role key: not configured, and this database has no vault.decrypted_secrets — fix: set SERVICE_ROLE_KEY, or store it in Vault as 'service_role_key'");
    }

    @Test
    void for_the_bubble_target_one_authenticated_get_decides_and_a_rejected_key_is_a_failure(@TempDir Path dir) throws Exception {
        String db = migrated();
        HttpServer bubble = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        List<String> seen = new CopyOnWriteArrayList<>();
        bubble.createContext("/api/1.1/meta", http -> {
            try (http) {
                seen.add(http.getRequestMethod() + " " + http.getRequestURI().getPath() + " " + http.getRequestHeaders().getFirst("Authorization"));
                boolean good = ("Bearer " + KEY).equals(http.getRequestHeaders().getFirst("Authorization"));
                byte[] body = (good ? "{\"get\":[]}" : "{\"error_class\":\"Unauthorized\",\"message\":null}").getBytes(StandardCharsets.UTF_8);
                http.sendResponseHeaders(good ? 200 : 401, body.length);
                http.getResponseBody().write(body);
            }
        });
        bubble.start();
        try {
            String base = "http://127.0.0.1:" + bubble.getAddress().getPort() + "/api/1.1";
            Path good = dir.resolve("good.properties");
            Files.writeString(good, "sync.target=bubble\nbubble.api.url=" + base + "\nbubble.api.key=" + KEY + "\n");
            Path bad = dir.resolve("bad.properties");
            Files.writeString(bad, "sync.target=bubble\nbubble.api.url=" + base + "\nbubble.api.key=wrong-key-1234\n");

            CliRun accepted = CliRun.of(Map.of("sync.db.url", db), "--config", good.toString(), "doctor");
            CliRun rejected = CliRun.of(Map.of("sync.db.url", db), "--config", bad.toString(), "doctor");

            assertThat(accepted.exitCode()).as(accepted.out()).isZero();
            assertThat(accepted.out()).contains("✔ target (bubble): GET " + base + "/meta answered HTTP 200").doesNotContain(KEY);
            assertThat(rejected.exitCode()).isEqualTo(1);
            assertThat(rejected.out()).contains("✖ target (bubble): GET " + base + "/meta answered HTTP 401: the key is rejected");
            assertThat(seen).as("the key goes to /meta only, never with the Swagger file").containsExactly(
                    "GET /api/1.1/meta Bearer " + KEY, "GET /api/1.1/meta/swagger.json null",
                    "GET /api/1.1/meta Bearer wrong-key-1234", "GET /api/1.1/meta/swagger.json null");
        } finally {
            bubble.stop(0);
        }
    }

    @Test
    void the_running_relay_answers_get_admin_doctor_with_the_same_checks() throws Exception {
        Properties p = RelayHarness.defaults("http://127.0.0.1:9/not-yet");
        try (DeployedFunction function = new DeployedFunction(p.getProperty("sync.db.url"));
             ServerSocket s = new ServerSocket(0)) {
            p.setProperty("sync.endpoint.url", function.url());
            p.setProperty("camel.management.enabled", "true");
            p.setProperty("camel.management.port", Integer.toString(s.getLocalPort()));
            s.close();
            try (RelayHarness relay = RelayHarness.start(p)) {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + p.getProperty("camel.management.port") + "/admin/doctor"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(answer.statusCode()).isEqualTo(200);
                JsonNode report = new ObjectMapper().readTree(answer.body());
                assertThat(report.path("ok").asBoolean()).as(answer.body()).isTrue();
                assertThat(report.path("checks").findValuesAsText("check")).contains("database", "sync_queue", "pg_cron", "secrets");
                assertThat(answer.body()).doesNotContain(RelayHarness.TOKEN);
            }
        }
    }
}
