package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /obj/{type}}: {@code constraints}, {@code sort_field}, {@code descending}, {@code cursor} and
 * {@code limit} (default and most 100), answered as {@code {"response":{"cursor","results","count","remaining"}}}.
 * Past the cursor cap (Bubble's 50,000 items, smaller in tests) a page has no results while {@code remaining} stays
 * non-zero, as Bubble answers (notes §1b); a client narrows the search (by {@code Created Date}) to read further.
 * A constraint on a field the type does not declare (when it declares fields), or of a kind the field does not take
 * (a list constraint on a text field), is Bubble's 404 NOT_FOUND with Bubble's texts (notes §1b).
 */
final class Search {
    static final int DEFAULT_LIMIT = 100;
    /** Notes §1b: a cursor cannot go past 50,000 items (then 0 results while remaining stays non-zero). */
    static final int CURSOR_CAP = 50_000;
    private static final Set<String> GENERATED = Set.of("_id", "Created Date", "Modified Date", "Created By");

    private Search() {
    }

    static ObjectNode run(String type, ThingStore store, Map<String, String> params, Optional<Map<String, FieldRules.Kind>> declared,
            ObjectMapper mapper, int cursorCap) {
        List<Constraint> constraints = Constraint.parse(params.get("constraints"), type, mapper);
        for (Constraint c : constraints) {
            if (declared.isPresent() && !declared.get().containsKey(c.key()) && !GENERATED.contains(c.key())) {
                throw BubbleError.notFound("Field not found " + c.key() + " for type " + type);
            }
            FieldRules.Kind kind = declared.map(d -> d.get(c.key())).orElse(null);
            if (kind != null && kind != FieldRules.Kind.ANY && kind != FieldRules.Kind.LIST && Constraint.LIST_ONLY.contains(c.type())) {
                throw Constraint.typeNotFound(c.type(), c.key(), type);
            }
        }
        int cursor = number(params, "cursor", 0);
        int limit = Math.min(number(params, "limit", DEFAULT_LIMIT), DEFAULT_LIMIT);
        String sortField = params.get("sort_field");
        Comparator<ObjectNode> order = null;
        if (sortField != null && !sortField.isBlank()) {
            Comparator<ObjectNode> ascending = (a, b) -> compare(a, b, sortField);
            order = "true".equalsIgnoreCase(params.get("descending")) ? ascending.reversed() : ascending;
        }
        int end = Math.min(cursor + limit, cursorCap);
        ThingStore.Page found = store.page(type, t -> constraints.stream().allMatch(c -> c.test(t)), order, cursor, end);
        List<ObjectNode> page = found.things();
        ObjectNode out = mapper.createObjectNode();
        ObjectNode response = out.putObject("response");
        response.put("cursor", cursor);
        response.putArray("results").addAll(page);
        response.put("count", page.size());
        response.put("remaining", Math.max(0, found.total() - Math.min(cursor, found.total()) - page.size()));
        return out;
    }

    /** Empty values sort last in ascending order; texts that are not numbers (dates) compare as text, without parsing. */
    private static int compare(ObjectNode a, ObjectNode b, String field) {
        JsonNode x = a.get(field);
        JsonNode y = b.get(field);
        if (x != null && y != null && x.isTextual() && y.isTextual() && !Constraint.numeric(x.asText()) && !Constraint.numeric(y.asText())) {
            return x.asText().compareTo(y.asText());
        }
        boolean emptyA = Constraint.empty(a.get(field));
        boolean emptyB = Constraint.empty(b.get(field));
        if (emptyA || emptyB) {
            return Boolean.compare(emptyA, emptyB);
        }
        return Constraint.order(a.get(field), b.get(field));
    }

    private static int number(Map<String, String> params, String name, int fallback) {
        String text = params.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(0, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw BubbleError.error(name + " must be a whole number, got " + text);
        }
    }
}
