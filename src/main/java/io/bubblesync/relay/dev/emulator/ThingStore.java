package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The emulator's things, per type, in creation order. Each stored thing carries Bubble's generated fields
 * ({@code _id}, {@code Created Date}, {@code Modified Date}, {@code Created By}); a JSON null in a body clears the
 * field. Every method is atomic; what leaves the store is a copy.
 */
final class ThingStore {
    static final String CREATED_BY = "admin_user_bubble_emulator";
    private static final DateTimeFormatter DATES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> GENERATED = List.of("_id", "Created Date", "Modified Date", "Created By");

    private final Map<String, LinkedHashMap<String, ObjectNode>> types = new HashMap<>();

    synchronized String create(String type, JsonNode fields) {
        LinkedHashMap<String, ObjectNode> things = types.computeIfAbsent(type, t -> new LinkedHashMap<>());
        String id = BubbleIds.next();
        while (things.containsKey(id)) {
            id = BubbleIds.next();
        }
        String now = now();
        ObjectNode thing = JsonNodeFactory.instance.objectNode();
        thing.put("_id", id).put("Created Date", now).put("Modified Date", now).put("Created By", CREATED_BY);
        apply(thing, fields);
        things.put(id, thing);
        return id;
    }

    /** PATCH: only the given fields change. */
    synchronized void modify(String type, String id, JsonNode fields) {
        ObjectNode thing = existing(type, id);
        apply(thing, fields);
        thing.put("Modified Date", now());
    }

    /** PUT: the given fields replace all others (fields left out are emptied). */
    synchronized void replace(String type, String id, JsonNode fields) {
        ObjectNode thing = existing(type, id);
        thing.retain(GENERATED);
        apply(thing, fields);
        thing.put("Modified Date", now());
    }

    synchronized void delete(String type, String id) {
        existing(type, id);
        types.get(type).remove(id);
    }

    synchronized ObjectNode get(String type, String id) {
        return existing(type, id).deepCopy();
    }

    synchronized Optional<ObjectNode> find(String type, String id) {
        return Optional.ofNullable(types.getOrDefault(type, new LinkedHashMap<>()).get(id)).map(ObjectNode::deepCopy);
    }

    /** Copies of all things of a type, in creation order. */
    List<ObjectNode> all(String type) {
        return matching(type, thing -> true);
    }

    /** Copies of the things of a type that pass a test, in creation order. */
    synchronized List<ObjectNode> matching(String type, Predicate<ObjectNode> test) {
        List<ObjectNode> out = new ArrayList<>();
        types.getOrDefault(type, new LinkedHashMap<>()).values().stream().filter(test).forEach(thing -> out.add(thing.deepCopy()));
        return out;
    }

    /** One page of a search: copies of the things from..to (exclusive) among those that pass, and how many pass. */
    record Page(List<ObjectNode> things, int total) {
    }

    /** The things that pass {@code test}, in {@code order} (null: creation order); only the page's are copied. */
    synchronized Page page(String type, Predicate<ObjectNode> test, java.util.Comparator<ObjectNode> order, int from, int to) {
        List<ObjectNode> passing = new ArrayList<>();
        types.getOrDefault(type, new LinkedHashMap<>()).values().stream().filter(test).forEach(passing::add);
        if (order != null) {
            passing.sort(order);
        }
        List<ObjectNode> page = new ArrayList<>();
        for (int i = from; i < Math.min(to, passing.size()); i++) {
            page.add(passing.get(i).deepCopy());
        }
        return new Page(page, passing.size());
    }

    private ObjectNode existing(String type, String id) {
        ObjectNode thing = types.getOrDefault(type, new LinkedHashMap<>()).get(id);
        if (thing == null) {
            throw BubbleError.missingData(type, id);
        }
        return thing;
    }

    private static void apply(ObjectNode thing, JsonNode fields) {
        fields.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                thing.remove(field.getKey());
            } else {
                thing.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    private static String now() {
        return DATES.format(Instant.now());
    }
}
