package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A reconcile's counts per kind with up to N sample ids each (row keys; Bubble ids for orphans), as JSON with exactly
 * the keys {@code in_sync, missing_in_bubble, dangling_bubble_id, drift, orphans_in_bubble, duplicates_in_bubble},
 * each {@code {"count": n, "sample": [...]}}, or as a table.
 */
public final class ReconcileReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Finding.Kind, Long> counts = new EnumMap<>(Finding.Kind.class);
    private final Map<Finding.Kind, ArrayNode> samples = new EnumMap<>(Finding.Kind.class);

    public ReconcileReport(List<Finding> findings, int sample) {
        for (Finding.Kind k : Finding.Kind.values()) {
            counts.put(k, 0L);
            samples.put(k, JSON.createArrayNode());
        }
        for (Finding f : findings) {
            counts.merge(f.kind(), 1L, Long::sum);
            ArrayNode s = samples.get(f.kind());
            if (s.size() < sample) {
                s.add(f.kind() == Finding.Kind.ORPHANS_IN_BUBBLE ? f.objectId() : f.key());
            }
        }
    }

    public long count(Finding.Kind kind) {
        return counts.get(kind);
    }

    public ObjectNode json() {
        ObjectNode out = JSON.createObjectNode();
        for (Finding.Kind k : Finding.Kind.values()) {
            ObjectNode entry = out.putObject(k.json());
            entry.put("count", counts.get(k));
            entry.set("sample", samples.get(k).deepCopy());
        }
        return out;
    }

    public String table() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-22s %10s  %s%n", "kind", "count", "sample"));
        for (Finding.Kind k : Finding.Kind.values()) {
            StringBuilder ids = new StringBuilder();
            samples.get(k).forEach(id -> ids.append(ids.isEmpty() ? "" : ", ").append(id.asText()));
            s.append(String.format(Locale.ROOT, "%-22s %10d  %s%n", k.json(), counts.get(k), ids));
        }
        return s.toString();
    }
}
