package io.bubblesync.relay.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A batch's rows as the bubble_sync contract's {@code items}: the request's {@code payload.items} and the body the
 * before-send hook gets are built here, so the hook sees exactly what would be sent.
 */
public final class BatchItems {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchItems() {
    }

    public static ArrayNode of(List<ClaimedRow> rows) throws JsonProcessingException {
        ArrayNode items = JSON.createArrayNode();
        for (ClaimedRow row : rows) {
            ObjectNode item = items.addObject();
            item.put("id", row.id());
            item.put("table_name", row.tableName());
            item.put("record_id", row.recordId());
            item.put("operation", row.operation());
            item.set("payload", row.payload() == null ? NullNode.getInstance() : JSON.readTree(row.payload()));
            item.put("idempotency_key", row.deliveryKey());
            item.put("attempt", row.attempt());
            item.put("created_at", row.createdAt());
        }
        return items;
    }
}
