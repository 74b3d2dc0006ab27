package io.bubblesync.relay.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.delivery.BatchItems;
import io.bubblesync.relay.delivery.BatchRequest;
import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.delivery.Settlement;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;

/**
 * The packaged routes' hook points: {@code direct:hook-before-send}, {@code -after-settle}, {@code -on-failure},
 * {@code -after-pass}. A hook is active when a route of the user's consumes its endpoint; the routes ask
 * {@link #active} (answered from a set computed once the context has started) and skip the hook otherwise, so
 * an unused hook costs one set lookup. The other methods turn the relay's state into the hook's JSON body and
 * read back what before-send answered.
 */
public class Hooks {
    private static final String PREFIX = "direct://hook-";

    private final ObjectMapper json = new ObjectMapper();
    private final CamelContext context;
    private volatile Set<String> consumed;

    public Hooks(CamelContext context) {
        this.context = context;
    }

    /** True when a started route consumes {@code direct:hook-<name>}. */
    public boolean active(String name) {
        Set<String> names = consumed;
        if (names == null) {
            names = context.getRoutes().stream()
                    .filter(r -> context.getRouteController().getRouteStatus(r.getRouteId()) != null
                            && context.getRouteController().getRouteStatus(r.getRouteId()).isStarted())
                    .map(Route::getEndpoint).map(e -> e.getEndpointBaseUri())
                    .filter(uri -> uri.startsWith(PREFIX)).map(uri -> uri.substring(PREFIX.length()))
                    .collect(Collectors.toUnmodifiableSet());
            if (context.getStatus().isStarted()) {
                consumed = names;
            }
        }
        return names.contains(name);
    }

    /** before-send: the body becomes the batch's items (JSON array, as in the request's payload.items). */
    public void items(Exchange exchange) throws Exception {
        prepare(exchange, "before-send", BatchItems.of(BatchRequest.rows(exchange)));
    }

    /**
     * before-send's answer: an item's changed {@code payload} is what gets sent; an item with {@code "skip"} (a
     * reason) is settled as skipped with that reason and not sent. Items left out of the answer go as they were.
     */
    public void applyItems(Exchange exchange) throws Exception {
        JsonNode answer = read(exchange.getMessage());
        if (!answer.isArray()) {
            throw new IllegalArgumentException("the before-send hook must leave a JSON array of items as the body, got " + answer.getNodeType());
        }
        Map<String, JsonNode> byId = new HashMap<>();
        answer.forEach(item -> byId.put(item.path("id").asText(), item));
        List<ClaimedRow> send = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Settlement> notSent = exchange.getProperty(ExchangeKeys.BAD_ROWS, List.class);
        for (ClaimedRow row : BatchRequest.rows(exchange)) {
            JsonNode item = byId.get(row.id());
            if (item == null) {
                send.add(row);
            } else if (item.hasNonNull("skip") && !item.get("skip").asText().equals("false")) {
                ObjectNode response = json.createObjectNode();
                response.put("skipped_by", "before-send hook");
                response.put("reason", item.get("skip").isTextual() ? item.get("skip").asText() : "skipped by the before-send hook");
                notSent.add(Settlement.skipped(row, response));
            } else {
                JsonNode payload = item.get("payload");
                send.add(payload == null || payload.isNull() ? row.withPayload(null) : row.withPayload(json.writeValueAsString(payload)));
            }
        }
        exchange.setProperty(ExchangeKeys.BATCH_ROWS, send);
    }

    /** after-settle: the body becomes the batch's settlements, each with its row's table, record and attempt. */
    public void settlements(Exchange exchange) {
        ArrayNode out = json.createArrayNode();
        Map<String, ClaimedRow> rows = claimed(exchange);
        for (Settlement s : settled(exchange)) {
            ObjectNode node = json.valueToTree(s);
            describe(node, rows.get(s.id()), s);
            out.add(node);
        }
        prepare(exchange, "after-settle", out);
    }

    /** on-failure: one body per row that failed permanently or ran out of attempts (the split's parts). */
    public List<String> failures(Exchange exchange) throws Exception {
        Map<String, ClaimedRow> rows = claimed(exchange);
        List<String> out = new ArrayList<>();
        for (Settlement s : settled(exchange)) {
            ObjectNode node = json.createObjectNode();
            node.put("id", s.id());
            String kind = describe(node, rows.get(s.id()), s);
            if (kind == null || kind.equals("transient")) {
                continue;
            }
            node.put("error_message", s.error_message());
            node.put("text", "bubble-sync: " + node.path("table_name").asText() + "/" + node.path("record_id").asText() + " "
                    + s.operation() + " failed " + (kind.equals("permanent") ? "permanently" : "for good, out of attempts")
                    + " after " + node.path("attempts").asInt() + " attempt(s): " + s.error_message());
            out.add(json.writeValueAsString(node));
        }
        prepare(exchange, "on-failure", null);
        return out;
    }

    /** after-pass: the body becomes the pass's tally (JSON object); the route puts the tally back afterwards. */
    public void tally(Exchange exchange) {
        prepare(exchange, "after-pass", json.valueToTree(PassReport.tally(exchange).fields()));
    }

    /** Adds table, record, operation, attempts and the failure kind (as settle-batch.sql decides it); returns the kind. */
    private static String describe(ObjectNode node, ClaimedRow row, Settlement s) {
        String kind = switch (s.outcome()) {
            case Settlement.PERMANENT -> "permanent";
            case Settlement.TRANSIENT -> row != null && row.attemptsLeftAfterThis() <= 0 ? "exhausted" : "transient";
            default -> null;
        };
        node.put("table_name", row == null ? null : row.tableName());
        node.put("record_id", row == null ? null : row.recordId());
        node.put("operation", s.operation());
        node.put("attempts", row == null ? 0 : row.attempt());
        node.put("failure_kind", kind);
        return kind;
    }

    private void prepare(Exchange exchange, String hook, JsonNode body) {
        Message message = exchange.getMessage();
        message.setHeader(ExchangeKeys.SYNC_HOOK, hook);
        message.setHeader(ExchangeKeys.SYNC_JOB, exchange.getProperty(ExchangeKeys.JOB, String.class));
        message.setHeader(ExchangeKeys.SYNC_BATCH_ID, exchange.getProperty(ExchangeKeys.BATCH_ID, String.class));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (body != null) {
            message.setBody(body.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Settlement> settled(Exchange exchange) {
        List<Settlement> s = exchange.getProperty(ExchangeKeys.SETTLEMENTS, List.class);
        return s == null ? List.of() : s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ClaimedRow> claimed(Exchange exchange) {
        List<ClaimedRow> rows = exchange.getProperty(ExchangeKeys.CLAIMED_ROWS, List.class);
        Map<String, ClaimedRow> byId = new HashMap<>();
        if (rows != null) {
            rows.forEach(r -> byId.put(r.id(), r));
        }
        return byId;
    }

    private JsonNode read(Message message) throws Exception {
        Object body = message.getBody();
        return body instanceof JsonNode node ? node
                : body instanceof List<?> || body instanceof Map<?, ?> ? json.valueToTree(body)
                : json.readTree(message.getMandatoryBody(String.class));
    }
}
