package io.bubblesync.relay.ops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.bubble.BubbleBody;
import io.bubblesync.relay.bubble.SyncConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * doctor: the Bubble fields one table's rows would send, each with the column it comes from and the values seen.
 * Every column goes through {@link BubbleBody}, the mapping delivery uses (field_mapping, excluded_fields, read-only,
 * internal and secret-looking columns): what BubbleBody drops is not sent, so it is not checked.
 */
final class SentFields {
    /** One Bubble field: the column it comes from, and the values of it seen in queue rows (none for a mapping alone). */
    record Sent(String column, List<JsonNode> values) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BubbleBody bodies;
    private final SyncConfig config;
    private final Map<String, Sent> fields = new TreeMap<>();

    SentFields(BubbleBody bodies, SyncConfig config) {
        this.bodies = bodies;
        this.config = config;
    }

    /** A column the rows may carry, its value unknown (a field_mapping entry, a column of the source table). */
    void column(String column) {
        add(column, null);
    }

    /** The columns and values of one queue row's payload. */
    void payload(String json) {
        try {
            JsonNode payload = JSON.readTree(json);
            if (payload != null && payload.isObject()) {
                payload.fields().forEachRemaining(f -> add(f.getKey(), f.getValue()));
            }
        } catch (Exception unreadable) {
            // not JSON: delivery fails such a row on its own; nothing to check here
        }
    }

    /** A field sent on every create whatever the row (sync.bubble.lookup-field). */
    void always(String field, String why) {
        fields.computeIfAbsent(field, f -> new Sent(why, new ArrayList<>()));
    }

    Map<String, Sent> fields() {
        return fields;
    }

    private void add(String column, JsonNode value) {
        ObjectNode one = JSON.createObjectNode();
        one.set(column, value == null || value.isNull() ? JSON.getNodeFactory().textNode("") : value);
        ObjectNode body = bodies.of(one, config, false);
        body.fieldNames().forEachRemaining(field -> {
            Sent sent = fields.computeIfAbsent(field, f -> new Sent(column, new ArrayList<>()));
            if (value != null && !value.isNull() && sent.values().size() < 50) {
                sent.values().add(value);
            }
        });
    }
}
