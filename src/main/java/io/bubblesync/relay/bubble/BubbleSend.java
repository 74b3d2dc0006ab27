package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.config.BubbleSettings;
import io.bubblesync.relay.delivery.Settlement;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Makes the HTTP request of one Bubble call (routes/bubble-send.camel.yaml): method, path and query as headers
 * for the relay's own Bubble component, the body as JSON (bulk: one JSON object per line, text/plain). A call
 * may lead to follow-up calls (a lookup that found nothing → the create); they run in turn. A create sent again
 * by a quick redelivery first checks the source row's Bubble id and, with a lookup field, searches Bubble.
 */
public class BubbleSend {
    /** Exchange properties of a call's exchange (the shared ones are in ExchangeKeys). */
    static final String UNIT = "bubbleUnit";
    static final String QUEUE = "bubbleQueue";
    static final String SENT_AT_REDELIVERY = "bubbleCallRedelivery";
    /** True while the current call is being sent again after a failure (its first send may have reached Bubble). */
    static final String RESENT = "bubbleResent";

    private final ObjectMapper json = new ObjectMapper();
    private final BubbleSettings settings;
    private final SourceTables sources;
    private final TypeRefusals refusals;

    public BubbleSend(BubbleSettings settings, SourceTables sources, TypeRefusals refusals) {
        this.settings = settings;
        this.sources = sources;
        this.refusals = refusals;
    }

    /** The split hands over one planned call: it becomes the current call, its rows the unit to settle. */
    public void start(Exchange exchange) {
        BubbleCall call = exchange.getMessage().getBody(BubbleCall.class);
        exchange.setProperty(ExchangeKeys.BUBBLE_CALL, call);
        exchange.setProperty(UNIT, call.rows());
        exchange.setProperty(QUEUE, new ArrayDeque<BubbleCall>());
    }

    /** The batch's settlements, once every call is done. */
    public List<Settlement> settlements(Exchange exchange) {
        return BubbleOutcome.of(exchange).settlements();
    }

    /** True when the current call is held: its type is refused and no probe is due (a due probe is taken by this call). */
    public boolean held(Exchange exchange) {
        BubbleCall call = current(exchange);
        return !refusals.admit(call.type(), call.queueTable());
    }

    /** Builds the request of the current call: method, path and query as headers, the body. A {@code bean:} step. */
    public void prepare(Exchange exchange) throws Exception {
        int redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        Integer sentAt = exchange.getProperty(SENT_AT_REDELIVERY, Integer.class);
        BubbleCall call = current(exchange);
        boolean resent = sentAt != null && redelivery > sentAt;
        exchange.setProperty(RESENT, resent);
        if (resent && (call.kind() == BubbleCall.Kind.CREATE || call.kind() == BubbleCall.Kind.BULK)) {
            call = beforeRepeat(exchange, call); // the first send may have created it: its answer was lost
        }
        exchange.setProperty(SENT_AT_REDELIVERY, redelivery);
        request(exchange.getMessage(), call);
    }

    /** The call's type is refused and no probe is due: its rows go back unsent. */
    public void hold(Exchange exchange) {
        BubbleOutcome outcome = BubbleOutcome.of(exchange);
        current(exchange).rows().forEach(r -> outcome.hold(r.row()));
        next(exchange);
    }

    /** The current call is done: the next follow-up, if any, becomes current. */
    static void next(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Deque<BubbleCall> queue = exchange.getProperty(QUEUE, Deque.class);
        BubbleCall next = queue.poll();
        exchange.removeProperty(SENT_AT_REDELIVERY);
        if (next == null) {
            exchange.removeProperty(ExchangeKeys.BUBBLE_CALL);
        } else {
            exchange.setProperty(ExchangeKeys.BUBBLE_CALL, next);
        }
    }

    /**
     * The current call goes again with only these rows (the rest are settled): its redelivery, like any create sent
     * again, re-reads their Bubble ids and searches by the lookup field first.
     */
    static void retryOnly(Exchange exchange, BubbleCall call) {
        exchange.setProperty(ExchangeKeys.BUBBLE_CALL, call);
    }

    /** Queues follow-up calls after the current one. */
    static void then(Exchange exchange, List<BubbleCall> calls) {
        @SuppressWarnings("unchecked")
        Deque<BubbleCall> queue = exchange.getProperty(QUEUE, Deque.class);
        calls.forEach(queue::addLast);
    }

    static BubbleCall current(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.BUBBLE_CALL, BubbleCall.class);
    }

    /** Rows whose source row has a Bubble id by now are patched; the rest searched for (lookup field) or created again. */
    private BubbleCall beforeRepeat(Exchange exchange, BubbleCall call) throws Exception {
        Map<SourceTables.Source, List<BubbleRow>> bySource = new LinkedHashMap<>();
        call.rows().forEach(r -> bySource.computeIfAbsent(r.source(), s -> new ArrayList<>()).add(r));
        List<BubbleCall> calls = new ArrayList<>();
        List<BubbleRow> unknown = new ArrayList<>();
        for (Map.Entry<SourceTables.Source, List<BubbleRow>> e : bySource.entrySet()) {
            Map<String, String> ids = sources.ids(e.getKey(), e.getValue().stream().map(BubbleRow::key).toList()).ids();
            for (BubbleRow r : e.getValue()) {
                String id = ids.get(r.key());
                if (id != null) {
                    calls.add(new BubbleCall(BubbleCall.Kind.PATCH, r.type(), List.of(r.patching(id))));
                } else {
                    unknown.add(r);
                }
            }
        }
        if (!unknown.isEmpty()) {
            calls.addAll(settings.lookupField().isEmpty() ? List.of(new BubbleCall(call.kind(), call.type(), unknown))
                    : BubbleCall.lookingUp(call.type(), unknown));
        }
        exchange.setProperty(ExchangeKeys.BUBBLE_CALL, calls.get(0));
        @SuppressWarnings("unchecked")
        Deque<BubbleCall> queue = exchange.getProperty(QUEUE, Deque.class);
        for (int i = calls.size() - 1; i > 0; i--) {
            queue.addFirst(calls.get(i));
        }
        return calls.get(0);
    }

    private void request(Message message, BubbleCall call) throws Exception {
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("Camel"));
        message.removeHeader(Exchange.HTTP_QUERY);
        String typePath = "/obj/" + encode(call.type());
        BubbleRow first = call.rows().get(0);
        switch (call.kind()) {
            case CREATE -> json(message, "POST", typePath, json.writeValueAsBytes(first.body()));
            case PATCH -> json(message, "PATCH", typePath + "/" + encode(first.bubbleId()), json.writeValueAsBytes(first.body()));
            case DELETE -> {
                message.setHeader(Exchange.HTTP_METHOD, "DELETE");
                message.setHeader(Exchange.HTTP_PATH, typePath + "/" + encode(first.bubbleId()));
                message.setBody(null);
            }
            case BULK -> {
                StringBuilder lines = new StringBuilder(); // joined by \n, no trailing newline, as every known client (notes §1b)
                for (BubbleRow r : call.rows()) {
                    lines.append(lines.isEmpty() ? "" : "\n").append(json.writeValueAsString(r.body()));
                }
                message.setHeader(Exchange.HTTP_METHOD, "POST");
                message.setHeader(Exchange.HTTP_PATH, typePath + "/bulk");
                message.setHeader(Exchange.CONTENT_TYPE, "text/plain");
                message.setBody(lines.toString().getBytes(StandardCharsets.UTF_8));
            }
            case LOOKUP -> {
                message.setHeader(Exchange.HTTP_METHOD, "GET");
                message.setHeader(Exchange.HTTP_PATH, typePath);
                message.setHeader(Exchange.HTTP_QUERY, "constraints=" + encode(constraints(call)) + "&limit=" + BubbleCall.LOOKUP_PAGE);
                message.setBody(null);
            }
            default -> throw new IllegalStateException("unknown call " + call.kind());
        }
    }

    private String constraints(BubbleCall call) throws Exception {
        ArrayNode all = json.createArrayNode();
        ObjectNode c = all.addObject();
        c.put("key", settings.lookupField());
        if (call.rows().size() == 1) {
            c.put("constraint_type", "equals");
            c.put("value", call.rows().get(0).key());
        } else {
            c.put("constraint_type", "in");
            ArrayNode values = c.putArray("value");
            call.rows().forEach(r -> values.add(r.key()));
        }
        return json.writeValueAsString(all);
    }

    private static void json(Message message, String method, String path, byte[] body) {
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_PATH, path);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
