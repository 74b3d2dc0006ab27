package io.bubblesync.relay.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.config.Secret;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The answer side of the bubble_sync contract: turns the endpoint's answer into one {@link Settlement}
 * per row. 2xx settles the batch (per-item {@code results} when present); 408/425/429/5xx raise
 * {@link TransientDeliveryException} for the redelivery policy; any other status rejects the batch: every row
 * fails permanently, and {@link #rejected} says so (deliver-batch re-sends a rejected batch of several rows
 * row by row instead of settling it).
 */
public class BatchAnswer {
    private final ObjectMapper json = new ObjectMapper();
    private final FailureText failureText;
    private final Backoff backoff;
    private final Clock clock;

    public BatchAnswer(Secret token, Backoff backoff, Clock clock) {
        this.failureText = new FailureText(token, json);
        this.backoff = backoff;
        this.clock = clock;
    }

    /** The HTTP answer as one settlement per row of the batch; a transient status throws instead. */
    public List<Settlement> read(Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = message.getBody(String.class);
        List<ClaimedRow> rows = BatchRequest.rows(exchange);
        if (accepted(status)) {
            return settleAnswered(rows, status, text, exchange.getProperty(ExchangeKeys.BATCH_ID, String.class));
        }
        if (TransientDeliveryException.isTransientStatus(status)) {
            throw new TransientDeliveryException(status, RetryAfter.parse(message.getHeader("Retry-After"), clock),
                    failureText.endpointMessage(text));
        }
        String endpointMessage = failureText.endpointMessage(text);
        String line = "HTTP " + status + " from bubble_sync, not retried" + (endpointMessage.isEmpty() ? "" : ": " + endpointMessage);
        List<Settlement> out = new ArrayList<>();
        for (ClaimedRow row : rows) {
            ObjectNode details = failureText.details("permanent", exchange, row);
            details.put("http_status", status);
            details.put("endpoint_message", endpointMessage);
            out.add(Settlement.permanent(row, line, details));
        }
        return out;
    }

    /** True when the endpoint refused the batch as a whole: a status neither 2xx nor transient (read it after {@link #read}). */
    public boolean rejected(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        return !accepted(status) && !TransientDeliveryException.isTransientStatus(status);
    }

    private static boolean accepted(int status) {
        return status >= 200 && status < 300;
    }

    private List<Settlement> settleAnswered(List<ClaimedRow> rows, int status, String text, String batchId) {
        JsonNode answer = failureText.parse(text);
        Map<String, JsonNode> results = new HashMap<>();
        if (answer != null && answer.path("results").isArray()) {
            answer.path("results").forEach(r -> results.put(r.path("id").asText(), r));
        }
        List<Settlement> out = new ArrayList<>();
        for (ClaimedRow row : rows) {
            JsonNode result = results.get(row.id());
            if (result == null) {
                out.add(Settlement.completed(row, results.isEmpty() ? batchResponse(answer, status, batchId) : unlisted(status, batchId)));
                continue;
            }
            JsonNode response = result.has("response") ? result.get("response") : result;
            String itemStatus = result.path("status").asText("completed");
            switch (itemStatus) {
                case "completed" -> out.add(Settlement.completed(row, response));
                case "skipped" -> out.add(Settlement.skipped(row, response));
                default -> out.add(failedItem(row, result, itemStatus, batchId));
            }
        }
        return out;
    }

    private Settlement failedItem(ClaimedRow row, JsonNode result, String itemStatus, String batchId) {
        String error = failureText.scrubbed(result.path("error").asText(""));
        boolean retryable = !"failed".equals(itemStatus) || result.path("retryable").asBoolean(true);
        ObjectNode details = json.createObjectNode();
        details.put("kind", retryable ? "transient" : "permanent");
        details.put("batch_id", batchId);
        details.put("attempt", row.attempt());
        details.put("item_status", itemStatus);
        details.set("result", result);
        String line = "bubble_sync reported " + itemStatus + " for this row" + (error.isEmpty() ? "" : ": " + error);
        if (!retryable) {
            return Settlement.permanent(row, line + " (not retryable)", details);
        }
        return Settlement.transientFailure(row, line, details, backoff.delayMillis(row.retryCount(), null));
    }

    private JsonNode batchResponse(JsonNode answer, int status, String batchId) {
        if (answer != null && answer.isObject()) {
            return answer;
        }
        ObjectNode node = json.createObjectNode();
        node.put("http_status", status);
        node.put("batch_id", batchId);
        return node;
    }

    private JsonNode unlisted(int status, String batchId) {
        ObjectNode node = json.createObjectNode();
        node.put("http_status", status);
        node.put("batch_id", batchId);
        node.put("unlisted", true);
        return node;
    }
}
