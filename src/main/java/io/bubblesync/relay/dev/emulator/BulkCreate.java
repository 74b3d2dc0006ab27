package io.bubblesync.relay.dev.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /obj/{type}/bulk}: a text/plain body of one JSON object per line (at most 1,000), answered in
 * text/plain with one line per input line, in order; good lines are created even when others fail.
 */
final class BulkCreate {
    static final int MAX_LINES = 1000;
    static final String WRONG_CONTENT_TYPE = "Expecting a newline-separated list of JSON objects, "
            + "sent with Content-Type: text/plain";

    private final ThingStore store;
    private final FieldRules rules;
    private final ObjectMapper mapper;

    BulkCreate(ThingStore store, FieldRules rules, ObjectMapper mapper) {
        this.store = store;
        this.rules = rules;
        this.mapper = mapper;
    }

    Answer create(String type, String contentType, String body) {
        if (contentType == null || !contentType.trim().toLowerCase(Locale.ROOT).startsWith("text/plain")) {
            throw BubbleError.error(WRONG_CONTENT_TYPE);
        }
        List<String> lines = new ArrayList<>(Arrays.asList(body.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw BubbleError.error(WRONG_CONTENT_TYPE);
        }
        if (lines.size() > MAX_LINES) {
            throw BubbleError.error("A bulk request can create at most " + MAX_LINES + " things, got " + lines.size());
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(out.length() == 0 ? "" : "\n").append(createOne(type, line.strip()));
        }
        return Answer.text(200, out.toString());
    }

    private String createOne(String type, String line) {
        ObjectNode result = mapper.createObjectNode();
        try {
            JsonNode fields = parse(line);
            rules.check(type, fields);
            result.put("status", "success").put("id", store.create(type, fields));
        } catch (BubbleError e) {
            result.put("status", "error").put("message", e.getMessage());
        }
        return result.toString();
    }

    private JsonNode parse(String line) {
        try {
            return line.isEmpty() ? null : mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw BubbleError.error("Could not parse this line as JSON: " + e.getOriginalMessage());
        }
    }
}
