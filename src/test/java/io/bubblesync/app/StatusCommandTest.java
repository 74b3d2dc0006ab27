package io.bubblesync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.support.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCommandTest {
    @Test
    void status_reports_counts_by_status_and_operation_backlog_and_last_errors_as_text_and_json() throws Exception {
        String url = TestPostgres.newDatabase();
        assertThat(CliRun.of(Map.of("sync.db.url", url), "migrate").exitCode()).isZero();
        SchemaMigrationTest.sql(url, """
                INSERT INTO sync_queue (table_name, record_id, operation, status, created_at) VALUES
                  ('t', '1', 'INSERT', 'pending', now() - interval '90 seconds'),
                  ('t', '2', 'UPDATE', 'completed', now());
                INSERT INTO sync_queue (table_name, record_id, operation, status, retry_count, max_retries, next_retry_at, failure_kind, error_message) VALUES
                  ('t', '3', 'UPDATE', 'failed', 1, 3, now() + interval '1 minute', 'transient', 'HTTP 503 from bubble_sync'),
                  ('t', '4', 'DELETE', 'failed', 3, 3, NULL, 'exhausted', 'HTTP 500 from bubble_sync'),
                  ('t', '5', 'INSERT', 'failed', 1, 3, NULL, 'permanent', 'HTTP 400 from bubble_sync, not retried');
                """);

        CliRun text = CliRun.of(Map.of("sync.db.url", url), "status");
        CliRun json = CliRun.of(Map.of("sync.db.url", url), "status", "--json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("pending      INSERT                1")
                .contains("failed, retry scheduled: 1; exhausted: 1; permanent: 1")
                .contains("HTTP 400 from bubble_sync, not retried");
        JsonNode status = new ObjectMapper().readTree(json.out()).path("queue");
        assertThat(status.path("counts")).hasSize(5);
        assertThat(status.path("oldestPendingSeconds").asDouble()).isBetween(89.0, 200.0);
        assertThat(status.path("retryable").asLong()).isEqualTo(1);
        assertThat(status.path("lastErrors")).hasSize(3);
    }
}
