package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Sorts a table's rows and a type's objects into the report's kinds. Every row is exactly one of in_sync, drift
 * (matched, a mapped field differs), dangling_bubble_id (its Bubble id is not an object's) or missing_in_bubble (no
 * Bubble id and no object carries its lookup value); a row whose lookup value more than one object carries is also
 * counted in duplicates_in_bubble; an object no row points at and whose lookup value matches no row is an orphan.
 * A row without a Bubble id is matched to the oldest object carrying its lookup value, as delivery adopts one.
 */
public final class Classifier {
    private final String lookupField;
    private final Function<SourceRow, ObjectNode> expected;

    /** {@code expected}: the body the relay would send for a row now. */
    public Classifier(String lookupField, Function<SourceRow, ObjectNode> expected) {
        this.lookupField = lookupField;
        this.expected = expected;
    }

    public List<Finding> classify(List<SourceRow> rows, List<ObjectNode> objects) {
        Map<String, ObjectNode> byId = new HashMap<>();
        Map<String, List<String>> byLookup = new LinkedHashMap<>();
        for (ObjectNode o : objects) { // oldest first, as read
            String id = o.path("_id").asText();
            byId.put(id, o);
            String lookup = lookup(o);
            if (lookup != null) {
                byLookup.computeIfAbsent(lookup, k -> new ArrayList<>()).add(id);
            }
        }
        List<Finding> out = new ArrayList<>();
        Set<String> pointedAt = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (SourceRow row : rows) {
            keys.add(row.key());
            List<String> carrying = lookupField.isEmpty() ? List.of() : byLookup.getOrDefault(row.key(), List.of());
            if (row.bubbleId() != null) {
                pointedAt.add(row.bubbleId());
            }
            ObjectNode matched = row.bubbleId() != null ? byId.get(row.bubbleId()) : null;
            if (row.bubbleId() != null && matched == null) {
                out.add(new Finding(Finding.Kind.DANGLING_BUBBLE_ID, row.key(), row.bubbleId(), carrying.isEmpty() ? null : carrying.get(0), List.of()));
            } else if (matched == null && carrying.isEmpty()) {
                out.add(new Finding(Finding.Kind.MISSING_IN_BUBBLE, row.key(), null, null, List.of()));
            } else {
                ObjectNode object = matched != null ? matched : byId.get(carrying.get(0));
                List<String> differing = FieldComparison.differing(expected.apply(row), object, lookupField);
                out.add(new Finding(differing.isEmpty() ? Finding.Kind.IN_SYNC : Finding.Kind.DRIFT, row.key(), row.bubbleId(),
                        object.path("_id").asText(), differing));
            }
            if (carrying.size() > 1) {
                out.add(new Finding(Finding.Kind.DUPLICATES_IN_BUBBLE, row.key(), row.bubbleId(), null, List.copyOf(carrying)));
            }
        }
        for (ObjectNode o : objects) {
            String id = o.path("_id").asText();
            String lookup = lookup(o);
            if (!pointedAt.contains(id) && (lookup == null || !keys.contains(lookup))) {
                out.add(new Finding(Finding.Kind.ORPHANS_IN_BUBBLE, null, null, id, List.of()));
            }
        }
        return out;
    }

    private String lookup(ObjectNode o) {
        if (lookupField.isEmpty()) {
            return null;
        }
        JsonNode v = o.get(lookupField);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
