package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's data types and what Bubble refuses in a body: read-only fields, a list over 200 entries, and, for a type
 * whose fields are declared, an unknown field ({@code Unrecognized field: x}) or a value its field can't parse
 * ({@code INVALID_DATA}). A declared field is {@code name} (any value) or {@code name:kind} with kind text, number,
 * yes_no, date or list. Once any type is declared, the declared types are the app's only ones: others are
 * "Type not found" (see {@link #known}).
 */
final class FieldRules {
    static final Set<String> READ_ONLY = Set.of("_id", "Created Date", "Modified Date", "Created By", "Modified By", "_type");
    static final int MAX_LIST = 200;

    /** A field's kind, with the type and format the Swagger file gives it (notes §1b: definitions carry type/format). */
    enum Kind {
        ANY("anything", null, null), TEXT("text", "string", null), NUMBER("number", "number", null),
        YES_NO("yes / no", "boolean", null), DATE("date", "string", "date-time"), LIST("list", "array", null);

        final String label;
        final String swaggerType;
        final String swaggerFormat;

        Kind(String label, String swaggerType, String swaggerFormat) {
            this.label = label;
            this.swaggerType = swaggerType;
            this.swaggerFormat = swaggerFormat;
        }
    }

    private final Map<String, Map<String, Kind>> declared = new ConcurrentHashMap<>();

    void declare(String type, List<String> fields) {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (String field : fields) {
            int colon = field.lastIndexOf(':');
            Kind kind = colon < 0 ? null : kindNamed(field.substring(colon + 1));
            kinds.put(kind == null ? field : field.substring(0, colon), kind == null ? Kind.ANY : kind);
        }
        declared.put(type, java.util.Collections.unmodifiableMap(kinds));
    }

    /** The declared fields of a type and their kinds, empty when any field is accepted. */
    Optional<Map<String, Kind>> declaredFields(String type) {
        return Optional.ofNullable(declared.get(type));
    }

    /** The declared types, sorted. */
    List<String> declaredTypes() {
        return declared.keySet().stream().sorted().toList();
    }

    /** Whether the app has this type: any type while none is declared, else only the declared ones. */
    boolean known(String type) {
        return declared.isEmpty() || declared.containsKey(type);
    }

    /** Checks a create / modify / replace body; throws Bubble's 400 for the first problem found. */
    void check(String type, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw BubbleError.error("The request body must be a JSON object, got " + describe(body));
        }
        Map<String, Kind> kinds = declared.get(type);
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (READ_ONLY.contains(name)) {
                throw BubbleError.invalidData("Field " + name + " is read-only and cannot be modified");
            }
            if (kinds != null && !kinds.containsKey(name)) {
                throw BubbleError.error("Unrecognized field: " + name);
            }
            if (value.isArray() && value.size() > MAX_LIST) {
                // the keyword and the limit are Bubble's (notes §1), the text is ours: no source quotes it
                throw BubbleError.listTooLong("List too long: field " + name + " has " + value.size()
                        + " entries, a list can hold at most " + MAX_LIST + " (emulator wording)");
            }
            Kind kind = kinds == null ? Kind.ANY : kinds.get(name);
            if (!value.isNull() && !fits(kind, value)) {
                throw BubbleError.invalidData("Invalid data for field " + name + ": could not parse this as a " + kind.label);
            }
        }
    }

    private static boolean fits(Kind kind, JsonNode value) {
        switch (kind) {
            case TEXT:
                return value.isValueNode();
            case NUMBER:
                return value.isNumber() || value.isTextual() && isNumber(value.asText());
            case YES_NO:
                return value.isBoolean() || value.isTextual() && Set.of("yes", "no", "true", "false").contains(value.asText());
            case DATE:
                return value.isNumber() || value.isTextual() && isDate(value.asText());
            case LIST:
                return value.isArray();
            default:
                return true;
        }
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDate(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDate.parse(text);
                return true;
            } catch (DateTimeParseException notADay) {
                return false;
            }
        }
    }

    private static Kind kindNamed(String name) {
        for (Kind kind : Kind.values()) {
            if (kind != Kind.ANY && kind.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                return kind;
            }
        }
        return null;
    }

    private static String describe(JsonNode body) {
        return body == null ? "nothing" : body.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
