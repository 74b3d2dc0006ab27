package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A refusal in Bubble's shapes: {@code {"statusCode":s,"body":{"status":KEYWORD,"message":…}}} for 400/404/429/503,
 * and Bubble's own 401 shape {@code {"error_class":"Unauthorized","args":{"code":…},"message":null,"translation":…}}.
 * The texts are Bubble's where our sources quote them (shared/notes/bubble-and-supabase.md §1, §1b: the manual's
 * reference pages and answers other projects recorded from live apps); where a comment says "ours", they are not.
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

    /** Bubble's answer for a type that does not exist or is not exposed to the Data API (notes §1b). */
    static BubbleError typeNotFound(String type) {
        return notFound("Type not found " + type);
    }

    /** Bubble's 401 for a wrong key: it echoes the token it was sent (notes §1b), checked before anything else. */
    static BubbleError invalidToken(String token) {
        return unauthorized(BubbleIds.next(), "Invalid or expired token: " + token);
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
