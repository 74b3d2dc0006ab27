package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether a Bubble object holds what the relay would send now: every field of the body (same mapping, exclusions and
 * null rules as delivery, {@link io.bubblesync.relay.bubble.BubbleBody}) compared with the object's field. Bubble
 * leaves an empty field out of its answers and echoes numbers and dates in its own form, so: empty text, an empty
 * list and an absent field are the same; numbers compare by value (10.50 = 10.5); two times compare as instants
 * (2026-11-28T12:00:00+00:00 = 2026-11-28T12:00:00.000Z); a JSON null (sent only with sync.bubble.send-nulls) differs
 * from any non-empty value.
 */
public final class FieldComparison {
    private FieldComparison() {
    }

    /** The body's fields the object does not hold, in body order; empty when in step. {@code skip}: a field not compared. */
    public static List<String> differing(ObjectNode body, ObjectNode object, String skip) {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals(skip) && !same(f.getValue(), object.get(f.getKey()))) {
                out.add(f.getKey());
            }
        }
        return out;
    }

    static boolean same(JsonNode sent, JsonNode held) {
        if (empty(sent) || empty(held)) {
            return empty(sent) && empty(held);
        }
        if (sent.isArray() && held.isArray()) {
            if (sent.size() != held.size()) {
                return false;
            }
            for (int i = 0; i < sent.size(); i++) {
                if (!same(sent.get(i), held.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (sent.isContainerNode() || held.isContainerNode()) {
            return sent.equals(held);
        }
        BigDecimal a = decimal(sent);
        BigDecimal b = decimal(held);
        if (a != null && b != null) {
            return a.compareTo(b) == 0;
        }
        Instant x = instant(sent.asText());
        Instant y = instant(held.asText());
        if (x != null && y != null) {
            return x.equals(y);
        }
        return sent.asText().equals(held.asText());
    }

    private static boolean empty(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || v.isTextual() && v.asText().isEmpty() || v.isContainerNode() && v.isEmpty();
    }

    private static BigDecimal decimal(JsonNode v) {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual() && v.asText().matches("-?\\d+(\\.\\d+)?")) {
            return new BigDecimal(v.asText());
        }
        return null;
    }

    private static Instant instant(String text) {
        if (text.length() < 19 || text.charAt(4) != '-' || text.charAt(10) != 'T') {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
