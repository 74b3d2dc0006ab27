package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bubblesync.relay.config.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bulk create's answer read as Bubble writes it (notes §1, §1b): text, one JSON line per input line, in order,
 * joined by {@code \n}, each {@code {"status":"success","id":"…"}} or {@code {"status":"error","message":"…"}}.
 * Whatever the HTTP status (the manual files a bad line under "400: Bad Request", its guide shows a mixed answer as
 * a normal reply), an answer with exactly one such line per row is read line by line; anything else (one generic
 * error, no lines) is a whole-request answer.
 */
record BulkLines(List<Line> lines) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row's line: the id Bubble created, or its error. */
    record Line(String id, BubbleError error) {
        boolean created() {
            return id != null;
        }
    }

    /** The answer's lines when there is exactly one well-formed line per row, else empty. */
    static Optional<BulkLines> of(String text, int rows, Secret key) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text; // tolerate one trailing newline
        String[] raw = body.split("\n", -1);
        if (raw.length != rows) {
            return Optional.empty();
        }
        List<Line> lines = new ArrayList<>(rows);
        for (String one : raw) {
            Line line = line(one.strip(), key);
            if (line == null) {
                return Optional.empty();
            }
            lines.add(line);
        }
        return Optional.of(new BulkLines(List.copyOf(lines)));
    }

    private static Line line(String text, Secret key) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception notJson) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        String status = node.path("status").asText("");
        if (status.equals("success") && node.path("id").isTextual() && !node.path("id").asText().isBlank()) {
            return new Line(node.path("id").asText(), null);
        }
        return status.equals("error") ? new Line(null, BubbleError.parse(text, key)) : null;
    }
}
