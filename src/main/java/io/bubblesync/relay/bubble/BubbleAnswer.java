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
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Reads Bubble's answer to one call and settles the call's rows, by what {@link BubbleVerdict} says it means: 2xx
 * completes them (a create's new id written back into its source row first); a bulk answer with one line per row
 * settles line by line whatever its status ({@link BulkLines}); a refused key or type and a 404 that is not
 * MISSING_DATA hold the rows (handed back, see {@link TypeRefusals}); 429 slows the rate limit and goes again;
 * 408/425/5xx are transient; MISSING_DATA completes a DELETE (already gone) and fails a PATCH; any other refusal
 * fails the row permanently with Bubble's keyword and message.
 */
public class BubbleAnswer {
    private final ObjectMapper json = new ObjectMapper();
    private final BubbleSettings settings;
    private final WriteBack writeBack;
    private final TypeRefusals refusals;
    private final BubbleRateLimit rateLimit;
    private final Clock clock;

    public BubbleAnswer(BubbleSettings settings, SourceTables sources, TypeRefusals refusals, BubbleRateLimit rateLimit, Clock clock) {
        this.settings = settings;
        this.writeBack = new WriteBack(sources);
        this.refusals = refusals;
        this.rateLimit = rateLimit;
        this.clock = clock;
    }

    public void read(Exchange exchange) throws Exception {
        BubbleCall call = BubbleSend.current(exchange);
        BubbleOutcome outcome = BubbleOutcome.of(exchange);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = exchange.getMessage().getBody(String.class);
        if (call.kind() == BubbleCall.Kind.BULK) {
            var lines = BulkLines.of(text, call.rows().size(), settings.apiKey());
            if (lines.isPresent()) {
                accepted(call);
                byLine(exchange, outcome, call, status, lines.get());
                BubbleSend.next(exchange);
                return;
            }
        }
        BubbleError error = BubbleError.parse(status / 100 == 2 ? "" : text, settings.apiKey());
        BubbleVerdict verdict = BubbleVerdict.of(status, error);
        switch (verdict) {
            case KEY_REFUSED, TYPE_REFUSED, NOT_FOUND -> {
                if (verdict == BubbleVerdict.KEY_REFUSED) {
                    refusals.keyRefused(error.text());
                } else if (verdict == BubbleVerdict.TYPE_REFUSED) {
                    refusals.refused(call.type(), call.queueTable(), status, error.text());
                } else {
                    refusals.notFound(call.type(), call.queueTable(), status, error.text());
                }
                call.rows().forEach(r -> outcome.hold(r.row()));
                BubbleSend.next(exchange);
                return;
            }
            case THROTTLED -> {
                Duration retryAfter = RetryAfter.parse(exchange.getMessage().getHeader("Retry-After"), clock);
                rateLimit.throttled(retryAfter);
                throw new BubbleThrottled(retryAfter, error.text());
            }
            case TRANSIENT -> throw new TransientDeliveryException("Bubble", status,
                    RetryAfter.parse(exchange.getMessage().getHeader("Retry-After"), clock), error.text());
            default -> accepted(call);
        }
        boolean ok = verdict == BubbleVerdict.DONE;
        switch (call.kind()) {
            case CREATE -> {
                String id = ok ? json.readTree(text).path("id").asText("") : "";
                if (ok && !id.isBlank()) {
                    writeBack.completed(outcome, call.rows(), List.of(id), null);
                } else if (ok) {
                    throw new TransientDeliveryException("Bubble", status, null, "create answered without an id");
                } else {
                    fail(outcome, call, status, error, "create");
                }
            }
            // a whole-request answer without lines (capacity, a system failure): Bubble may have created some; the
            // retry re-reads the source rows' Bubble ids and, with a lookup field, searches before creating again
            case BULK -> throw new TransientDeliveryException("Bubble", status, null, "bulk create of " + call.rows().size()
                    + " rows answered without one line per row" + (error.text().isEmpty() ? "" : ": " + error.text()));
            case PATCH -> {
                BubbleRow r = call.rows().get(0);
                if (ok) {
                    outcome.completed(r, r.bubbleId(), "UPDATE", null);
                } else if (verdict == BubbleVerdict.GONE) {
                    outcome.permanent(r.row(), "object " + r.bubbleId() + " of type " + r.type() + " does not exist in Bubble (HTTP 404 "
                            + error.text() + "); not retried", details(status, error));
                } else {
                    fail(outcome, call, status, error, "update");
                }
            }
            case DELETE -> {
                BubbleRow r = call.rows().get(0);
                if (ok || verdict == BubbleVerdict.GONE) {
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

    /** Neither the key nor the type was refused: both are good (and the rate limit may climb back). */
    private void accepted(BubbleCall call) {
        refusals.accepted(call.type());
        rateLimit.succeeded();
    }

    /**
     * A bulk answer with one line per row: a success line completes its row and is never sent again, a line saying the
     * row is wrong fails it, any other error line (not reached in time, …) goes again: the call shrinks to those rows
     * and fails transiently, so redeliveries and the durable retry resend only them, each first re-reading its source
     * row's Bubble id and, with a lookup field, searching Bubble.
     */
    private void byLine(Exchange exchange, BubbleOutcome outcome, BubbleCall call, int status, BulkLines answer) throws Exception {
        List<BubbleRow> created = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<BubbleRow> again = new ArrayList<>();
        String firstAgain = null;
        for (int i = 0; i < call.rows().size(); i++) {
            BulkLines.Line line = answer.lines().get(i);
            BubbleRow r = call.rows().get(i);
            if (line.created()) {
                created.add(r);
                ids.add(line.id());
            } else if (line.error().rowIsWrong()) {
                outcome.permanent(r.row(), "Bubble refused this row of a bulk create of " + r.type() + ": " + line.error().message()
                        + line.error().fix(r.type()) + "; not retried", details(status, line.error()));
            } else {
                again.add(r);
                firstAgain = firstAgain == null ? line.error().message() : firstAgain;
            }
        }
        writeBack.completed(outcome, created, ids, null);
        if (!again.isEmpty()) {
            BubbleSend.retryOnly(exchange, new BubbleCall(again.size() > 1 ? BubbleCall.Kind.BULK : BubbleCall.Kind.CREATE, call.type(), again));
            throw new TransientDeliveryException("Bubble", status, null, "Bubble did not create " + again.size() + " of "
                    + call.rows().size() + " rows of a bulk create of " + call.type() + ": " + firstAgain);
        }
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
        writeBack.completed(outcome, adopt, adoptIds, "adopted");
        BubbleSend.then(exchange, patches);
        BubbleSend.then(exchange, BubbleCall.creating(call.type(), create, settings.bulk(), settings.bulkMax()));
    }

    private void fail(BubbleOutcome outcome, BubbleCall call, int status, BubbleError error, String what) {
        for (BubbleRow r : call.rows()) {
            outcome.permanent(r.row(), "Bubble refused the " + what + " of " + r.type() + ": HTTP " + status
                    + (error.text().isEmpty() ? "" : " " + error.text()) + error.fix(r.type()) + "; not retried", details(status, error));
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
