package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.config.OneLine;
import io.bubblesync.relay.config.Secret;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bubble's words in an error answer: {@code {"statusCode":400,"body":{"status":"INVALID_DATA","message":"…"}}}, the
 * 401 shape {@code {"error_class":"Unauthorized","translation":"…"}}, or a bulk line {@code {"status":"error",
 * "message":"…"}}; one line, at most 300 characters, with the API key scrubbed (Bubble echoes a wrong key). What the
 * words mean is read here and nowhere else, from the texts shared/notes/bubble-and-supabase.md §1 and §1b quote
 * (Bubble's manual, its reference pages, and answers other projects recorded from live apps).
 */
public record BubbleError(String keyword, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** §1b: "Unrecognized field: active" (400 ERROR), the most frequent failure in recorded logs. */
    private static final Pattern UNRECOGNIZED_FIELD = Pattern.compile("^Unrecognized field: (.+)$");
    private static final Pattern LIST_TOO_LONG = Pattern.compile("list[ _]too[ _]long");

    static BubbleError parse(String text, Secret key) {
        if (text == null || text.isBlank()) {
            return new BubbleError("", "");
        }
        try {
            JsonNode node = JSON.readTree(text);
            JsonNode body = node.path("body").isObject() ? node.path("body") : node;
            String keyword = body.path("status").asText(node.path("error_class").asText(""));
            String message = body.path("message").isTextual() ? body.path("message").asText()
                    : node.path("translation").asText(node.path("message").asText(""));
            return new BubbleError(OneLine.of(keyword, key), OneLine.of(message, key));
        } catch (Exception notJson) {
            return new BubbleError("", OneLine.of(text, key));
        }
    }

    /** What an error answer says, in one line without the key (Bubble echoes a wrong one): for messages outside delivery. */
    public static String describe(String answer, Secret key) {
        return parse(answer, key).text();
    }

    /** "INVALID_DATA: Invalid data for field …", or whichever part Bubble gave. */
    String text() {
        return keyword.isEmpty() ? message : message.isEmpty() ? keyword : keyword + ": " + message;
    }

    /**
     * Whether Bubble says the row itself is wrong, so sending it again cannot help: an unknown field
     * ("Unrecognized field: x"), a value it cannot use (INVALID_DATA "Invalid data for field … could not parse
     * this as a …"), a list over 200 entries (LIST_TOO_LONG), a bulk line that is not JSON ("Could not parse as
     * JSON: …"). Any other error (a bulk line the 4-minute limit left "not yet created", a capacity failure) may
     * pass on another try.
     */
    boolean rowIsWrong() {
        String m = message.toLowerCase(Locale.ROOT);
        return keyword.equals("INVALID_DATA") || keyword.equals("LIST_TOO_LONG") || unrecognizedField().isPresent()
                || m.startsWith("invalid data for field") || m.startsWith("could not parse as json")
                || LIST_TOO_LONG.matcher(m).find(); // a bulk line has no keyword, and no source quotes this one's text
    }

    /** The field of "Unrecognized field: x". */
    Optional<String> unrecognizedField() {
        Matcher m = UNRECOGNIZED_FIELD.matcher(message);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** For "Unrecognized field: x" (sync.bubble.unknown-fields=fail): what the operator can do about it; else "". */
    String fix(String type) {
        return unrecognizedField().map(field -> " (type '" + type + "' has no writable field '" + field + "': map the column"
                + " to a Bubble field in sync_config.field_mapping, leave it out with sync_config.excluded_fields, add the field in"
                + " Bubble, or set sync.bubble.unknown-fields=drop)").orElse("");
    }

    /** §1b: a wrong key is answered 401 "Invalid or expired token: &lt;the token sent&gt;", for every type. */
    boolean keyRefused() {
        return message.startsWith("Invalid or expired token");
    }

    /**
     * §1b: privacy rules answer a client that is not admin "Permission denied: cannot create this object", "You do
     * not have permission to modify/delete this object" (§1: 401 when a type's API access is off). Read in any 4xx.
     */
    boolean privacyRefusal() {
        String m = message.toLowerCase(Locale.ROOT);
        return m.startsWith("permission denied") || m.contains("do not have permission");
    }

    /** §1b: the only 404 that means the object is gone ("Missing object of type …: object with id … does not exist"). */
    boolean missingData() {
        return keyword.equals("MISSING_DATA");
    }

}
