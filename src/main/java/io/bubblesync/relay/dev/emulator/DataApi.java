package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Data API's routes under {@code /api/1.1}: {@code /obj/{type}} (POST create, GET search),
 * {@code /obj/{type}/{id}} (GET, PATCH, PUT, DELETE) and {@code /obj/{type}/bulk} (POST). A type the app does not
 * have is Bubble's 404 NOT_FOUND "Type not found &lt;type&gt;" whatever the call.
 */
final class DataApi {
    static final String BASE_PATH = "/api/1.1";
    private static final Set<String> WRITES = Set.of("POST", "PATCH", "PUT", "DELETE");

    private final ObjectMapper mapper = new ObjectMapper();
    private final ThingStore store;
    private final FieldRules rules;
    private final BulkCreate bulk;
    private volatile int cursorCap = Search.CURSOR_CAP;

    DataApi(ThingStore store, FieldRules rules, BulkModes bulkModes) {
        this.store = store;
        this.rules = rules;
        this.bulk = new BulkCreate(store, rules, bulkModes, mapper);
    }

    /** The thing type a Data API path names, or null when the path is not one. */
    static String typeOf(String path) {
        String[] parts = segments(path);
        return parts.length >= 2 && parts.length <= 3 && parts[0].equals("obj") && !parts[1].isEmpty() ? parts[1] : null;
    }

    static boolean isWrite(String method) {
        return WRITES.contains(method);
    }

    /** Answers one request whose key was accepted; refusals come back as Bubble's error answers. */
    Answer answer(String method, String path, String rawQuery, String contentType, String body) {
        String[] parts = segments(path);
        String type = typeOf(path);
        if (type == null) {
            throw BubbleError.notFound("No Data API endpoint at " + path);
        }
        if (!rules.known(type)) {
            throw BubbleError.typeNotFound(type);
        }
        if (parts.length == 2) {
            switch (method) {
                case "POST":
                    return created(store.create(type, checked(type, body)));
                case "GET":
                    return ok(Search.run(type, store, params(rawQuery), rules.declaredFields(type), mapper, cursorCap));
                default:
                    throw unsupported(method, path);
            }
        }
        String id = parts[2];
        if (id.equals("bulk") && method.equals("POST")) {
            return bulk.create(type, contentType, body);
        }
        switch (method) {
            case "GET":
                ObjectNode out = mapper.createObjectNode();
                out.set("response", store.get(type, id));
                return ok(out);
            case "PATCH":
                store.modify(type, id, checked(type, body));
                return Answer.noContent();
            case "PUT":
                store.replace(type, id, checked(type, body));
                return Answer.noContent();
            case "DELETE":
                store.delete(type, id);
                return Answer.noContent();
            default:
                throw unsupported(method, path);
        }
    }

    /** Searches return nothing past this many items (Bubble: 50,000). */
    void cursorCap(int items) {
        cursorCap = items;
    }

    /** The Swagger file of the declared types, empty while none is declared (then it would describe nothing). */
    Optional<String> swagger(String host) {
        return rules.declaredTypes().isEmpty() ? Optional.empty() : Optional.of(SwaggerFile.of(rules, host, mapper));
    }

    /**
     * {@code GET /api/1.1/meta} with the key: 200 and the declared types (the doctor reads only the status; the shape
     * of Bubble's own answer is not in our sources, this one is ours).
     */
    Answer meta() {
        ObjectNode out = mapper.createObjectNode();
        var types = out.putArray("types");
        rules.declaredTypes().forEach(types::add);
        return ok(out);
    }

    private JsonNode checked(String type, String body) {
        JsonNode fields;
        try {
            fields = body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw BubbleError.error("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        rules.check(type, fields);
        return fields;
    }

    private Answer created(String id) {
        return Answer.json(201, mapper.createObjectNode().put("status", "success").put("id", id).toString());
    }

    private static Answer ok(ObjectNode body) {
        return Answer.json(200, body.toString());
    }

    private static BubbleError unsupported(String method, String path) {
        return BubbleError.notFound("No Data API endpoint for " + method + " " + path);
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    static Map<String, String> params(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    List<Map<String, Object>> asMaps(List<ObjectNode> things) {
        return things.stream().map(this::asMap).toList();
    }

    JsonNode asNode(Map<String, ?> fields) {
        return mapper.valueToTree(fields);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> asMap(ObjectNode thing) {
        return mapper.convertValue(thing, Map.class);
    }
}
