package io.bubblesync.relay.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one delivered row ends: completed, skipped, transient (retry after {@code delayMs}) or permanent.
 * Serialized into the JSON array that settle-batch.sql reads with jsonb_to_recordset.
 */
public record Settlement(String id, String claimed_at, String outcome, JsonNode response, String error_message,
                         ObjectNode error_details, Long delay_ms, String operation) {

    public static final String COMPLETED = "completed";
    public static final String SKIPPED = "skipped";
    public static final String TRANSIENT = "transient";
    public static final String PERMANENT = "permanent";

    public static Settlement completed(ClaimedRow row, JsonNode response) {
        return new Settlement(row.id(), row.claimedAt(), COMPLETED, response, null, null, null, row.operation());
    }

    public static Settlement skipped(ClaimedRow row, JsonNode response) {
        return new Settlement(row.id(), row.claimedAt(), SKIPPED, response, null, null, null, row.operation());
    }

    public static Settlement permanent(ClaimedRow row, String message, ObjectNode details) {
        return new Settlement(row.id(), row.claimedAt(), PERMANENT, null, message, details, null, row.operation());
    }

    public static Settlement transientFailure(ClaimedRow row, String message, ObjectNode details, long delayMs) {
        return new Settlement(row.id(), row.claimedAt(), TRANSIENT, null, message, details, delayMs, row.operation());
    }
}
