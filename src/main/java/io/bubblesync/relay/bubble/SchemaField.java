package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * One field of a type as the Swagger file describes it: its {@code type} (string, number, integer, boolean, array,
 * or none, e.g. a {@code $ref} to another type or a geographic address) and {@code format} (date-time for dates).
 */
public record SchemaField(String type, String format) {
    private static final Set<String> YES_NO = Set.of("yes", "no", "true", "false");

    static SchemaField of(JsonNode property) {
        return new SchemaField(property.path("type").asText(""), property.path("format").asText(""));
    }

    /** "number", "date (string, date-time)", "any": for messages. */
    public String describe() {
        if (type.isEmpty()) {
            return "any";
        }
        return format.isEmpty() ? type : type + " (" + format + ")";
    }

    /**
     * Whether a value of a row can go into this field as it is: a number (or numeric text) into a number, yes/no
     * into a boolean, a date or epoch into a date, a list into a list, no object or list into a text. Unknown
     * kinds fit anything: only a clear mismatch is reported.
     */
    public boolean fits(JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        switch (type) {
            case "number", "integer" -> {
                return value.isNumber() || value.isTextual() && number(value.asText());
            }
            case "boolean" -> {
                return value.isBoolean() || value.isTextual() && YES_NO.contains(value.asText().toLowerCase(Locale.ROOT));
            }
            case "array" -> {
                return value.isArray();
            }
            case "string" -> {
                if (format.startsWith("date")) {
                    return value.isNumber() || value.isTextual() && date(value.asText());
                }
                return value.isValueNode();
            }
            default -> {
                return true;
            }
        }
    }

    private static boolean number(String text) {
        try {
            Double.parseDouble(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean date(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDate.parse(text.length() >= 10 ? text.substring(0, 10) : text);
                return true;
            } catch (DateTimeParseException notADay) {
                return false;
            }
        }
    }
}
