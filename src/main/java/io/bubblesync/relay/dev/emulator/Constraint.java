package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One search constraint, {@code {"key","constraint_type","value"}}: equals, not equal, is_empty, is_not_empty,
 * in, not in, text contains, not text contains, contains, not contains, empty, not empty (the last four for lists),
 * greater than, less than.
 */
record Constraint(String key, String type, JsonNode value) {
    static final Set<String> TYPES = Set.of("equals", "not equal", "is_empty", "is_not_empty", "in", "not in",
            "text contains", "not text contains", "contains", "not contains", "empty", "not empty", "greater than", "less than");
    /** Constraint types for list fields only (notes §1b: "empty / not empty (lists)"). */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    static final Set<String> LIST_ONLY = Set.of("contains", "not contains", "empty", "not empty");

    /**
     * Parses the {@code constraints} parameter (a JSON array); a malformed one is a 400 (our text), an unknown
     * constraint type Bubble's 404 NOT_FOUND "Constraint type not found …".
     */
    static List<Constraint> parse(String json, String thingType, ObjectMapper mapper) {
        List<Constraint> out = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonNode array;
        try {
            array = mapper.readTree(json);
        } catch (IOException e) {
            throw BubbleError.error("constraints is not valid JSON");
        }
        if (array == null || !array.isArray()) {
            throw BubbleError.error("constraints must be a JSON array of {key, constraint_type, value}");
        }
        for (JsonNode c : array) {
            String key = c.path("key").asText(null);
            String type = c.path("constraint_type").asText(null);
            if (key == null || type == null) {
                throw BubbleError.error("Each constraint needs a key and a constraint_type: " + c);
            }
            if (!TYPES.contains(type)) {
                throw typeNotFound(type, key, thingType);
            }
            out.add(new Constraint(key, type, c.get("value")));
        }
        return out;
    }

    /** Bubble's text (notes §1b): "Constraint type not found contains for field unit_name_text and type rentalunit". */
    static BubbleError typeNotFound(String constraintType, String field, String thingType) {
        return BubbleError.notFound("Constraint type not found " + constraintType + " for field " + field + " and type " + thingType);
    }

    boolean test(ObjectNode thing) {
        JsonNode field = thing.get(key);
        switch (type) {
            case "equals":
                return same(field, value);
            case "not equal":
                return !same(field, value);
            case "is_empty", "empty":
                return empty(field);
            case "is_not_empty", "not empty":
                return !empty(field);
            case "in":
                return isIn(field);
            case "not in":
                return !isIn(field);
            case "text contains":
                return textContains(field);
            case "not text contains":
                return !textContains(field);
            case "contains":
                return contains(field);
            case "not contains":
                return !contains(field);
            case "greater than":
                return !empty(field) && order(field, value) > 0;
            default:
                return !empty(field) && order(field, value) < 0;
        }
    }

    private boolean textContains(JsonNode field) {
        return field != null && field.isValueNode()
                && field.asText().toLowerCase(Locale.ROOT).contains(text(value).toLowerCase(Locale.ROOT));
    }

    private boolean isIn(JsonNode field) {
        if (value != null && value.isArray()) {
            for (JsonNode candidate : value) {
                if (same(field, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean contains(JsonNode field) {
        if (field != null && field.isArray()) {
            for (JsonNode entry : field) {
                if (same(entry, value)) {
                    return true;
                }
            }
            return false;
        }
        return field != null && field.asText().contains(text(value));
    }

    static boolean empty(JsonNode field) {
        return field == null || field.isNull() || field.isTextual() && field.asText().isEmpty()
                || field.isContainerNode() && field.isEmpty();
    }

    static boolean same(JsonNode a, JsonNode b) {
        if (empty(a) || b == null || b.isNull()) {
            return empty(a) && (b == null || b.isNull());
        }
        if (a.isNumber() || b.isNumber()) {
            BigDecimal x = decimal(a);
            BigDecimal y = decimal(b);
            return x != null && y != null && x.compareTo(y) == 0;
        }
        return a.isValueNode() && b.isValueNode() ? a.asText().equals(b.asText()) : a.equals(b);
    }

    /** Order of two values: numerically when both are numbers, else by text. */
    static int order(JsonNode a, JsonNode b) {
        BigDecimal x = decimal(a);
        BigDecimal y = decimal(b);
        return x != null && y != null ? x.compareTo(y) : text(a).compareTo(text(b));
    }

    /** Whether a text reads as a number (checked before parsing: a date or a name never costs an exception). */
    static boolean numeric(String text) {
        return NUMBER.matcher(text.trim()).matches();
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node == null || !node.isValueNode()) {
            return null;
        }
        if (!node.isNumber() && !numeric(node.asText())) {
            return null;
        }
        try {
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
