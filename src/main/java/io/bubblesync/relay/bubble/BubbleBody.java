package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fields a row sends to Bubble: its payload with sync_config.field_mapping applied, without Bubble's
 * read-only fields, the relay's and the app's internal columns, anything that looks like a secret and the
 * table's excluded fields; nulls only when {@code sync.bubble.send-nulls} asks for them (PATCH only).
 */
public final class BubbleBody {
    /** Bubble generates these and refuses them. */
    static final Set<String> READ_ONLY = Set.of("_id", "Created Date", "Modified Date", "Created By", "Modified By", "_type");
    /** Bookkeeping columns of the Supabase side, never Bubble fields. */
    static final Set<String> INTERNAL = Set.of("created_at", "updated_at", "bubble_id", "sync_status", "bubble_sync_error",
            "pending", "_internal", "sync_at", "last_synced");
    /** Secrets a row may carry; never sent. */
    static final Set<String> SECRETS = Set.of("password_hash", "refresh_token", "access_token", "service_role_key", "api_key");

    private final ObjectMapper json = new ObjectMapper();
    private final String idColumn;
    private final boolean sendNulls;

    public BubbleBody(String idColumn, boolean sendNulls) {
        this.idColumn = idColumn;
        this.sendNulls = sendNulls;
    }

    /** The body for {@code payload}; {@code patch}: an UPDATE's PATCH, the only call that may carry nulls. */
    public ObjectNode of(JsonNode payload, SyncConfig config, boolean patch) {
        ObjectNode out = json.createObjectNode();
        if (payload == null || !payload.isObject()) {
            return out;
        }
        Map<String, String> mapping = config == null ? Map.of() : config.fieldMapping();
        Set<String> excluded = config == null ? Set.of() : config.excludedFields();
        for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String source = field.getKey();
            String target = mapping.getOrDefault(source, source);
            if (dropped(source, excluded) || dropped(target, excluded)) {
                continue;
            }
            if (field.getValue().isNull() && !(sendNulls && patch)) {
                continue;
            }
            out.set(target, field.getValue());
        }
        return out;
    }

    private boolean dropped(String name, Set<String> excluded) {
        String lower = name.toLowerCase(Locale.ROOT);
        return READ_ONLY.contains(name) || INTERNAL.contains(lower) || name.equals(idColumn) || excluded.contains(name)
                || SECRETS.contains(lower) || lower.contains("password") || lower.endsWith("_secret") || lower.endsWith("_token");
    }
}
