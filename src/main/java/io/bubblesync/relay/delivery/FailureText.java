package io.bubblesync.relay.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.config.OneLine;
import io.bubblesync.relay.config.Secret;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.time.Instant;
import org.apache.camel.Exchange;

/** Writes what went wrong for error_message (one line) and error_details (structured), with the key scrubbed. */
final class FailureText {
    private final Secret token;
    private final ObjectMapper json;

    FailureText(Secret token, ObjectMapper json) {
        this.token = token;
        this.json = json;
    }

    /** The endpoint's own words: its JSON error/message field, else the start of its body. */
    String endpointMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode node = parse(body);
        if (node != null && node.isObject()) {
            for (String field : new String[] {"error", "message", "msg"}) {
                JsonNode v = node.get(field);
                if (v != null && !v.isNull()) {
                    return scrubbed(v.isTextual() ? v.asText() : v.toString());
                }
            }
        }
        return scrubbed(body);
    }

    /** The text on one line with the token scrubbed ({@link OneLine}). */
    String scrubbed(String text) {
        return OneLine.of(text, token);
    }

    JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (Exception notJson) {
            return null;
        }
    }

    ObjectNode details(String kind, Exchange exchange, ClaimedRow row) {
        ObjectNode details = json.createObjectNode();
        details.put("kind", kind);
        details.put("batch_id", exchange.getProperty(ExchangeKeys.BATCH_ID, String.class));
        details.put("batch_size", BatchRequest.rows(exchange).size());
        details.put("attempt", row.attempt());
        details.put("at", Instant.now().toString());
        return details;
    }
}
