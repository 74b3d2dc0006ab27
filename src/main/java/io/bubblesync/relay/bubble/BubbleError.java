package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.config.Secret;

/**
 * Bubble's words in an error answer: {@code {"statusCode":400,"body":{"status":"INVALID_DATA","message":"…"}}}, or
 * the 401 shape {@code {"error_class":"Unauthorized","translation":"…"}}; one line, at most 300 characters, with
 * the API key scrubbed should Bubble ever echo it.
 */
public record BubbleError(String keyword, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX = 300;

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
            return new BubbleError(oneLine(keyword, key), oneLine(message, key));
        } catch (Exception notJson) {
            return new BubbleError("", oneLine(text, key));
        }
    }

    /** "INVALID_DATA: Invalid data for field …", or whichever part Bubble gave. */
    String text() {
        return keyword.isEmpty() ? message : message.isEmpty() ? keyword : keyword + ": " + message;
    }

    static String oneLine(String text, Secret key) {
        String flat = key.scrub(text == null ? "" : text).replaceAll("\\s+", " ").trim();
        return flat.length() > MAX ? flat.substring(0, MAX) + "…" : flat;
    }
}
