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
 * text/plain with one line per input line, in order, joined by {@code \n} with no trailing newline; good lines are
 * created even when others fail. {@link BulkModes} sets the status of an answer holding an error line, whether a
 * trailing newline is a line, and whether all lines are reached.
 */
final class BulkCreate {
    static final int MAX_LINES = 1000;
    /** Bubble's own text, spelling and double space included (notes §1b). */
    static final String WRONG_CONTENT_TYPE = "Expecting a newline-seperated list of JSON objects.  Make sure the Content-Type header is text/plain";
    /** Bubble's own prefix for a line that does not parse (notes §1b: "Could not parse as JSON: <the line>"). */
    static final String NOT_JSON = "Could not parse as JSON: ";
    /**
     * Ours: the manual says items not created when the 4-minute limit is reached "will be marked as errors in the
     * response" without quoting the text (notes §1b).
     */
    static final String NOT_REACHED = "Not created: the bulk request reached its time limit before this item (emulator wording)";

    private final ThingStore store;
    private final FieldRules rules;
    private final BulkModes modes;
    private final ObjectMapper mapper;

    BulkCreate(ThingStore store, FieldRules rules, BulkModes modes, ObjectMapper mapper) {
        this.store = store;
        this.rules = rules;
        this.modes = modes;
        this.mapper = mapper;
    }

    Answer create(String type, String contentType, String body) {
        if (contentType == null || !contentType.trim().toLowerCase(Locale.ROOT).startsWith("text/plain")) {
            throw BubbleError.error(WRONG_CONTENT_TYPE);
        }
        List<String> lines = new ArrayList<>(Arrays.asList(body.split("\n", -1)));
        if (!modes.everyNewlineALine() && !lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty() || body.isEmpty()) {
            throw BubbleError.error(WRONG_CONTENT_TYPE);
        }
        if (lines.size() > MAX_LINES) { // ours: the limit is Bubble's, the text is not quoted anywhere we know
            throw BubbleError.error("A bulk request can create at most " + MAX_LINES + " things, got " + lines.size());
        }
        StringBuilder out = new StringBuilder();
        boolean anyError = false;
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode result = modes.reached(i) ? createOne(type, lines.get(i).strip()) : error(NOT_REACHED);
            anyError |= "error".equals(result.path("status").asText());
            out.append(i == 0 ? "" : "\n").append(result);
        }
        return Answer.text(anyError && modes.errorAs400() ? 400 : 200, out.toString());
    }

    private ObjectNode createOne(String type, String line) {
        try {
            JsonNode fields = parse(line);
            rules.check(type, fields);
            return mapper.createObjectNode().put("status", "success").put("id", store.create(type, fields));
        } catch (BubbleError e) {
            return error(e.getMessage());
        }
    }

    private ObjectNode error(String message) {
        return mapper.createObjectNode().put("status", "error").put("message", message);
    }

    private JsonNode parse(String line) {
        try {
            JsonNode node = line.isEmpty() ? null : mapper.readTree(line);
            if (node == null) {
                throw BubbleError.error(NOT_JSON + line);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw BubbleError.error(NOT_JSON + line);
        }
    }
}
