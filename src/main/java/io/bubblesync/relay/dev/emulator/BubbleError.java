package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A refusal in Bubble's shapes: {@code {"statusCode":s,"body":{"status":KEYWORD,"message":…}}} for 400/404/429/503,
 * and Bubble's own 401 shape {@code {"error_class":"Unauthorized","args":{"code":…},"message":null,"translation":…}}.
 */
final class BubbleError extends RuntimeException {
    private final transient Answer answer;

    private BubbleError(Answer answer, String message) {
        super(message, null, false, false);
        this.answer = answer;
    }

    Answer answer() {
        return answer;
    }

    static BubbleError envelope(int status, String keyword, String message) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("statusCode", status);
        out.putObject("body").put("status", keyword).put("message", message);
        return new BubbleError(Answer.json(status, out.toString()), message);
    }

    static BubbleError invalidData(String message) {
        return envelope(400, "INVALID_DATA", message);
    }

    static BubbleError error(String message) {
        return envelope(400, "ERROR", message);
    }

    static BubbleError listTooLong(String message) {
        return envelope(400, "LIST_TOO_LONG", message);
    }

    static BubbleError missingData(String type, String id) {
        return envelope(404, "MISSING_DATA", "Missing object of type " + type + ": object with id " + id + " does not exist");
    }

    static BubbleError notFound(String message) {
        return envelope(404, "NOT_FOUND", message);
    }

    /** 429 with {@code Retry-After} in seconds (none when negative). */
    static BubbleError tooManyRequests(long retryAfterSeconds) {
        BubbleError e = envelope(429, "ERROR", "Too many requests: over this app's rate limit");
        return retryAfterSeconds < 0 ? e
                : new BubbleError(e.answer.withHeader("Retry-After", Long.toString(retryAfterSeconds)), e.getMessage());
    }

    /** Bubble's 401: a bad or missing key, or a type whose "via API" privacy setting is off. */
    static BubbleError unauthorized(String code, String translation) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("error_class", "Unauthorized");
        out.putObject("args").put("code", code);
        out.putNull("message");
        out.put("translation", translation);
        return new BubbleError(Answer.json(401, out.toString()), translation);
    }
}
