package io.bubblesync.app;

import io.bubblesync.relay.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaMigrationTest {
    /** The table exactly as the origin deployments built it, under their own index name. */
    private static final String ORIGIN_TABLE = """
            CREATE TABLE sync_queue (
              id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
              table_name text NOT NULL, record_id text NOT NULL, operation text NOT NULL, payload jsonb,
              status text NOT NULL DEFAULT 'pending', error_message text, error_details jsonb,
              retry_count int DEFAULT 0, max_retries int DEFAULT 3, created_at timestamptz DEFAULT now(),
              processed_at timestamptz, next_retry_at timestamptz, bubble_response jsonb, idempotency_key text UNIQUE);
            CREATE UNIQUE INDEX idx_sync_queue_unique_pending ON sync_queue (table_name, record_id) WHERE status = 'pending';
            INSERT INTO sync_queue (table_name, record_id, operation, payload, status, retry_count, error_message, processed_at, bubble_response, idempotency_key) VALUES
              ('profiles', 'p1', 'INSERT', '{"a":1}', 'pending', 0, NULL, NULL, NULL, 'k1'),
              ('profiles', 'p2', 'UPDATE', '{"a":2}', 'processing', 0, NULL, NULL, NULL, 'k2'),
              ('orders', 'o1', 'DELETE', NULL, 'completed', 0, NULL, now(), '{"ok":true}', 'k3'),
              ('orders', 'o2', 'SIGNUP_ATOMIC', '{"e":"x@y.z"}', 'failed', 1, 'HTTP 500', NULL, NULL, NULL),
              ('orders', 'o3', 'UPDATE', '{}', 'skipped', 0, NULL, now(), NULL, 'k5');
            """;

    @Test
    void migrate_twice_on_origin_table_keeps_legacy_rows_and_adds_only_what_the_relay_needs() throws Exception {
        String url = TestPostgres.newDatabase();
        sql(url, ORIGIN_TABLE);
        List<String> before = rows(url, "SELECT to_jsonb(q)::text FROM sync_queue q ORDER BY record_id");

        CliRun first = CliRun.of(Map.of("sync.db.url", url), "migrate");
        CliRun second = CliRun.of(Map.of("sync.db.url", url), "migrate");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains(migrationFiles() + " migration(s) applied");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 migration(s) applied");
        List<String> after = rows(url, "SELECT (to_jsonb(q) - 'claimed_at' - 'claimed_by' - 'claimed_from' - 'failure_kind' - 'origin_run')::text FROM sync_queue q ORDER BY record_id");
        assertThat(after).isEqualTo(before);
        assertThat(rows(url, "SELECT count(*) FROM sync_queue WHERE claimed_at IS NOT NULL OR claimed_by IS NOT NULL OR failure_kind IS NOT NULL OR origin_run IS NOT NULL"))
                .containsExactly("0");
        assertThat(rows(url, "SELECT indexname FROM pg_indexes WHERE tablename = 'sync_queue' AND indexdef LIKE 'CREATE UNIQUE INDEX%pending%'"))
                .as("the origin's pending-unique index is reused, not duplicated").containsExactly("idx_sync_queue_unique_pending");
        assertThat(rows(url, "SELECT indexname FROM pg_indexes WHERE tablename = 'sync_queue' AND indexname LIKE 'sync_queue_%_idx' ORDER BY indexname"))
                .as("V2's four, the pending claim's live-first index (V6), the retry claim's (V8)")
                .containsExactly("sync_queue_due_pending_idx", "sync_queue_due_pending_live_idx", "sync_queue_due_retry_idx",
                        "sync_queue_due_retry_live_idx", "sync_queue_open_record_idx", "sync_queue_processing_idx");
        assertThat(rows(url, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'sync_queue'::regclass AND NOT tgisinternal ORDER BY tgname"))
                .as("the wake-up's notify trigger; a live change folded into a backfill row makes it live (V6)")
                .containsExactly("sync_queue_live_again", "sync_queue_notify_insert");
    }

    /** Every migration runs on an origin table (V1 is a no-op there, but recorded). */
    private static long migrationFiles() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/bubble-sync"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    @Test
    void migrate_creates_the_table_on_an_empty_database() throws Exception {
        String url = TestPostgres.newDatabase();

        CliRun run = CliRun.of(Map.of("sync.db.url", url), "migrate");

        assertThat(run.exitCode()).as(run.err()).isZero();
        sql(url, "INSERT INTO sync_queue (table_name, record_id, operation) VALUES ('t', '1', 'INSERT')");
        assertThat(rows(url, "SELECT status || '/' || retry_count || '/' || max_retries FROM sync_queue")).containsExactly("pending/0/3");
        assertThat(rows(url, "SELECT count(*) FROM pg_indexes WHERE tablename = 'sync_queue' AND indexname = 'sync_queue_pending_record_uidx'"))
                .containsExactly("1");
    }

    static void sql(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static List<String> rows(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
