package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One table's row of the optional {@code sync_config} table: its Bubble type, whether it syncs at all and per
 * operation, its field renames ({supabase_field: bubble_field}) and the fields never sent.
 */
public record SyncConfig(String table, String bubbleType, boolean enabled, Map<String, Boolean> syncOn,
                         Map<String, String> fieldMapping, Set<String> excludedFields) {

    /** No sync_config row: everything syncs, nothing is renamed. */
    public static SyncConfig none(String table) {
        return new SyncConfig(table, null, true, Map.of(), Map.of(), Set.of());
    }

    static SyncConfig of(String table, JsonNode row) {
        Map<String, Boolean> on = new LinkedHashMap<>();
        for (String op : new String[] {"insert", "update", "delete"}) {
            JsonNode v = row.path("sync_on_" + op);
            if (v.isBoolean()) {
                on.put(op, v.asBoolean());
            }
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        row.path("field_mapping").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual() && !e.getValue().asText().isBlank()) {
                mapping.put(e.getKey(), e.getValue().asText());
            }
        });
        Set<String> excluded = new HashSet<>();
        row.path("excluded_fields").forEach(f -> excluded.add(f.asText()));
        String type = row.path("bubble_object_type").isTextual() && !row.path("bubble_object_type").asText().isBlank()
                ? row.path("bubble_object_type").asText() : null;
        return new SyncConfig(table, type, !row.path("enabled").isBoolean() || row.path("enabled").asBoolean(),
                Map.copyOf(on), mapping, Set.copyOf(excluded));
    }

    /**
     * Why a row of this table and operation is not sent, or empty when it is. SIGNUP_ATOMIC creates a user: it
     * follows sync_on_insert of the user table.
     */
    public Optional<String> skipReason(String operation) {
        if (!enabled) {
            return Optional.of("sync_config.enabled is false for table '" + table + "': not sent to Bubble");
        }
        String op = "SIGNUP_ATOMIC".equals(operation) ? "insert" : operation.toLowerCase(java.util.Locale.ROOT);
        if (Boolean.FALSE.equals(syncOn.get(op))) {
            return Optional.of("sync_config.sync_on_" + op + " is false for table '" + table + "': not sent to Bubble");
        }
        return Optional.empty();
    }
}
