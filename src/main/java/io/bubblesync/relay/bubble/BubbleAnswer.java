package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.config.BubbleSettings;
import io.bubblesync.relay.delivery.RetryAfter;
import io.bubblesync.relay.delivery.TransientDeliveryException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Reads Bubble's answer to one call and settles the call's rows: 2xx completes them (a create's new id written
 * back into its source row first); 401/403 refuse the type (rows handed back, see {@link TypeRefusals}); 429
 * slows the rate limit and goes again; 408/425/5xx are transient; 400 and any other status fail the row
 * permanently with Bubble's keyword and message, except a DELETE of a thing already gone (completed).
 */
public class BubbleAnswer {
    private final ObjectMapper json = new ObjectMapper();
    private final BubbleSettings settings;
    private final SourceTables sources;
    private final TypeRefusals refusals;
    private final BubbleRateLimit rateLimit;
    private final Clock clock;

    public BubbleAnswer(BubbleSettings settings, SourceTables sources, TypeRefusals refusals, BubbleRateLimit rateLimit, Clock clock) {
        this.settings = settings;
        this.sources = sources;
        this.refusals = refusals;
        this.rateLimit = rateLimit;
        this.clock = clock;
    }

    public void read(Exchange exchange) throws Exception {
        BubbleCall call = BubbleSend.current(exchange);
        BubbleOutcome outcome = BubbleOutcome.of(exchange);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = exchange.getMessage().getBody(String.class);
        BubbleError error = BubbleError.parse(status / 100 == 2 ? "" : text, settings.apiKey());
        if (status == 401 || status == 403) {
            refusals.refused(call.type(), call.queueTable(), status);
            call.rows().forEach(r -> outcome.hold(r.row()));
            BubbleSend.next(exchange);
            return;
        }
        Duration retryAfter = RetryAfter.parse(exchange.getMessage().getHeader("Retry-After"), clock);
        if (status == 429) {
            rateLimit.throttled(retryAfter);
            throw new BubbleThrottled(retryAfter, error.text());
        }
        if (TransientDeliveryException.isTransientStatus(status)) {
            throw new TransientDeliveryException("Bubble", status, retryAfter, error.text());
        }
        refusals.accepted(call.type());
        rateLimit.succeeded();
        boolean ok = status / 100 == 2;
        switch (call.kind()) {
            case CREATE -> {
                String id = ok ? json.readTree(text).path("id").asText("") : "";
                if (ok && !id.isBlank()) {
                    created(outcome, call.rows(), List.of(id), null);
                } else if (ok) {
                    throw new TransientDeliveryException("Bubble", status, null, "create answered without an id");
                } else {
                    fail(outcome, call, status, error, "create");
                }
            }
            case BULK -> bulk(exchange, outcome, call, status, text, error);
            case PATCH -> {
                BubbleRow r = call.rows().get(0);
                if (ok) {
                    outcome.completed(r, r.bubbleId(), "UPDATE", null);
                } else if (status == 404) {
                    outcome.permanent(r.row(), "object " + r.bubbleId() + " of type " + r.type() + " does not exist in Bubble (HTTP 404 "
                            + error.text() + "); not retried", details(status, error));
                } else {
                    fail(outcome, call, status, error, "update");
                }
            }
            case DELETE -> {
                BubbleRow r = call.rows().get(0);
                if (ok || status == 404) {
                    outcome.completed(r, r.bubbleId(), "DELETE", ok ? null : "already_gone");
                } else {
                    fail(outcome, call, status, error, "delete");
                }
            }
            case LOOKUP -> lookedUp(exchange, outcome, call, status, text, error);
            default -> throw new IllegalStateException("unknown call " + call.kind());
        }
        BubbleSend.next(exchange);
    }

    private void bulk(Exchange exchange, BubbleOutcome outcome, BubbleCall call, int status, String text, BubbleError error) throws Exception {
        if (status / 100 != 2) { // the request as a whole was refused: each row goes again on its own
            BubbleSend.then(exchange, BubbleCall.creating(call.type(), call.rows(), false));
            return;
        }
        List<String> lines = text == null ? List.of() : text.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() != call.rows().size()) { // a whole-request failure (capacity): one generic error, no lines
            throw new TransientDeliveryException("Bubble", status, null, "bulk create answered " + lines.size() + " lines for "
                    + call.rows().size() + " rows" + (lines.isEmpty() ? "" : ": " + BubbleError.oneLine(lines.get(0), settings.apiKey())));
        }
        List<BubbleRow> created = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = json.readTree(lines.get(i));
            BubbleRow r = call.rows().get(i);
            if ("success".equals(line.path("status").asText()) && line.hasNonNull("id")) {
                created.add(r);
                ids.add(line.path("id").asText());
            } else {
                BubbleError lineError = BubbleError.parse(lines.get(i), settings.apiKey());
                outcome.permanent(r.row(), "Bubble refused this row of a bulk create of " + r.type() + ": " + lineError.text()
                        + "; not retried", details(status, lineError));
            }
        }
        created(outcome, created, ids, null);
    }

    private void lookedUp(Exchange exchange, BubbleOutcome outcome, BubbleCall call, int status, String text, BubbleError error) throws Exception {
        if (status / 100 != 2) {
            call.rows().forEach(r -> outcome.permanent(r.row(), "search of " + r.type() + " by sync.bubble.lookup-field '"
                    + settings.lookupField() + "' failed: HTTP " + status + " " + error.text() + "; not retried", details(status, error)));
            return;
        }
        Map<String, String> found = new HashMap<>();
        for (JsonNode thing : json.readTree(text).path("response").path("results")) {
            found.putIfAbsent(thing.path(settings.lookupField()).asText(), thing.path("_id").asText());
        }
        List<BubbleRow> adopt = new ArrayList<>();
        List<String> adoptIds = new ArrayList<>();
        List<BubbleRow> create = new ArrayList<>();
        List<BubbleCall> patches = new ArrayList<>();
        for (BubbleRow r : call.rows()) {
            String id = found.get(r.key());
            if (id == null) {
                create.add(r);
            } else if (r.op().equals("CREATE_FROM_UPDATE")) {
                patches.add(new BubbleCall(BubbleCall.Kind.PATCH, r.type(), List.of(r.patching(id))));
            } else {
                adopt.add(r);
                adoptIds.add(id);
            }
        }
        created(outcome, adopt, adoptIds, "adopted");
        BubbleSend.then(exchange, patches);
        BubbleSend.then(exchange, BubbleCall.creating(call.type(), create, settings.bulk()));
    }

    /** Writes the new ids back into the source rows (one statement per table), then completes the rows. */
    private void created(BubbleOutcome outcome, List<BubbleRow> rows, List<String> ids, String note) throws Exception {
        Map<SourceTables.Source, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            bySource.computeIfAbsent(rows.get(i).source(), s -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<SourceTables.Source, List<Integer>> e : bySource.entrySet()) {
            sources.writeBack(e.getKey(), e.getValue().stream().map(i -> rows.get(i).key()).toList(),
                    e.getValue().stream().map(ids::get).toList());
        }
        for (int i = 0; i < rows.size(); i++) {
            outcome.completed(rows.get(i), ids.get(i), rows.get(i).op(), note);
        }
    }

    private void fail(BubbleOutcome outcome, BubbleCall call, int status, BubbleError error, String what) {
        for (BubbleRow r : call.rows()) {
            outcome.permanent(r.row(), "Bubble refused the " + what + " of " + r.type() + ": HTTP " + status
                    + (error.text().isEmpty() ? "" : " " + error.text()) + "; not retried", details(status, error));
        }
    }

    private ObjectNode details(int status, BubbleError error) {
        ObjectNode node = json.createObjectNode();
        node.put("http_status", status);
        node.put("bubble_status", error.keyword());
        node.put("bubble_message", error.message());
        return node;
    }
}
