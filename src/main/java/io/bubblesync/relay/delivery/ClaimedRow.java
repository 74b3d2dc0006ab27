package io.bubblesync.relay.delivery;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Map;

/** One sync_queue row as the claim statement returned it. */
public record ClaimedRow(String id, String tableName, String recordId, String operation, String payload,
                         String idempotencyKey, int retryCount, int maxRetries, String createdAt, String claimedAt) {

    public static ClaimedRow of(Map<String, Object> row) {
        return new ClaimedRow(
                String.valueOf(row.get("id")),
                (String) row.get("table_name"),
                (String) row.get("record_id"),
                (String) row.get("operation"),
                (String) row.get("payload"),
                (String) row.get("idempotency_key"),
                number(row.get("retry_count"), 0),
                number(row.get("max_retries"), 3),
                instant(row.get("created_at")),
                (String) row.get("claimed_at"));
    }

    /** The key the endpoint deduplicates on: the row's own, else its id; the same on every attempt. */
    public String deliveryKey() {
        return idempotencyKey == null || idempotencyKey.isBlank() ? id : idempotencyKey;
    }

    /** The same row with another payload (JSON text, or null): what a before-send hook changed. */
    public ClaimedRow withPayload(String newPayload) {
        return new ClaimedRow(id, tableName, recordId, operation, newPayload, idempotencyKey, retryCount, maxRetries, createdAt, claimedAt);
    }

    /** 1 for the first delivery, 2 for the first retry, and so on. */
    public int attempt() {
        return retryCount + 1;
    }

    /**
     * The attempts the row has left if this one fails; none left means the failure is its last (exhausted). The
     * attempts-left rule, as the SQL says it: {@code COALESCE(retry_count, 0) + 1 < COALESCE(max_retries, 3)}
     * ({@link #of} reads missing counts with the same defaults).
     */
    public int attemptsLeftAfterThis() {
        return maxRetries - attempt();
    }

    private static int number(Object value, int fallback) {
        return value instanceof Number n ? n.intValue() : fallback;
    }

    private static String instant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant().toString();
        }
        return value == null ? null : value.toString();
    }
}
