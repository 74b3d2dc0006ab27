package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bubble's own description of the app, from its Swagger file (notes §1b: Swagger 2.0, a path {@code /obj/<type>}
 * per type exposed to the Data API, {@code definitions.<type>} with every field and {@code definitions.<type>Body}
 * with the writable ones, each with {@code type}/{@code format}). Or its absence, with the reason: the file is
 * optional (Bubble: Settings → API, "Hide Swagger API documentation access").
 */
public record BubbleSchema(Set<String> types, Map<String, Map<String, SchemaField>> writable, Instant readAt, String absence) {
    private static final Pattern TYPE_PATH = Pattern.compile("^/obj/([^/{}]+)(/.*)?$");

    /** No Swagger file (or not one we can read): nothing is checked, nothing dropped. */
    public static BubbleSchema absent(String why, Instant at) {
        return new BubbleSchema(Set.of(), Map.of(), at, why);
    }

    /** Reads a Swagger 2.0 document; a document with neither paths nor definitions counts as absent. */
    public static BubbleSchema of(JsonNode swagger, Instant at) {
        if (swagger == null || !swagger.isObject() || !swagger.path("paths").isObject() && !swagger.path("definitions").isObject()) {
            return absent("the answer is not a Swagger file", at);
        }
        Set<String> types = new TreeSet<>();
        swagger.path("paths").fieldNames().forEachRemaining(path -> {
            Matcher m = TYPE_PATH.matcher(path);
            if (m.matches() && !m.group(1).equals("bulk")) {
                types.add(m.group(1));
            }
        });
        Map<String, Map<String, SchemaField>> writable = new LinkedHashMap<>();
        swagger.path("definitions").fields().forEachRemaining(d -> {
            String name = d.getKey();
            if (name.endsWith("Body") && name.length() > 4) {
                Map<String, SchemaField> fields = new LinkedHashMap<>();
                d.getValue().path("properties").fields().forEachRemaining(p -> fields.put(p.getKey(), SchemaField.of(p.getValue())));
                writable.put(name.substring(0, name.length() - 4), Collections.unmodifiableMap(fields));
            }
        });
        return new BubbleSchema(Collections.unmodifiableSet(types), Collections.unmodifiableMap(writable), at, null);
    }

    public boolean present() {
        return absence == null;
    }

    /** Whether the Swagger file lists the type under the Data API's paths. */
    public boolean exposes(String type) {
        return types.contains(type);
    }

    /** The type's writable fields ({@code <type>Body}), when the file describes them. */
    public Optional<Map<String, SchemaField>> writableFields(String type) {
        return Optional.ofNullable(writable.get(type));
    }
}
