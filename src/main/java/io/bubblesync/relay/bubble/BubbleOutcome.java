package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.delivery.Settlement;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * What a batch's Bubble calls came to, gathered as its calls are made (exchange property {@value ExchangeKeys#BUBBLE_OUTCOME}, shared
 * by the split's calls): settlements, rows to hand back unsent (their type refused, or their lease would have run short
 * waiting for a rate-limit permit), rows left unsettled.
 */
public final class BubbleOutcome {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Settlement> settlements = Collections.synchronizedList(new ArrayList<>());
    private final List<String> held = Collections.synchronizedList(new ArrayList<>());
    private final List<String> lapsed = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> done = Collections.synchronizedSet(new HashSet<>());
    private final String batchId;

    BubbleOutcome(String batchId) {
        this.batchId = batchId;
    }

    public static BubbleOutcome of(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.BUBBLE_OUTCOME, BubbleOutcome.class);
    }

    public List<Settlement> settlements() {
        return List.copyOf(settlements);
    }

    /** Ids of rows to hand back unsent, attempts untouched. */
    public List<String> held() {
        return List.copyOf(held);
    }

    /** Ids of rows to hand back unsent because their lease would have run short waiting for a rate-limit permit. */
    public List<String> lapsed() {
        return List.copyOf(lapsed);
    }

    boolean isDone(ClaimedRow row) {
        return done.contains(row.id());
    }

    void add(Settlement s) {
        done.add(s.id());
        settlements.add(s);
    }

    void hold(ClaimedRow row) {
        done.add(row.id());
        held.add(row.id());
    }

    void lapse(ClaimedRow row) {
        done.add(row.id());
        lapsed.add(row.id());
    }

    /** Marks rows whose fate is unknown (they stay processing until their lease). */
    void unsettled(ClaimedRow row) {
        done.add(row.id());
    }

    void completed(BubbleRow r, String id, String operation, String note) {
        ObjectNode response = JSON.createObjectNode();
        response.put("id", id);
        response.put("operation", operation);
        response.put("type", r.type());
        if (note != null) {
            response.put(note, true);
        }
        add(Settlement.completed(r.row(), response));
    }

    void skipped(ClaimedRow row, String reason) {
        ObjectNode response = JSON.createObjectNode();
        response.put("skipped", reason);
        add(Settlement.skipped(row, response));
    }

    void permanent(ClaimedRow row, String message, ObjectNode extra) {
        ObjectNode details = details("permanent", row);
        if (extra != null) {
            details.setAll(extra);
        }
        add(Settlement.permanent(row, message, details));
    }

    void transientFailure(ClaimedRow row, String message, ObjectNode extra, long delayMs) {
        ObjectNode details = details("transient", row);
        if (extra != null) {
            details.setAll(extra);
        }
        add(Settlement.transientFailure(row, message, details, delayMs));
    }

    private ObjectNode details(String kind, ClaimedRow row) {
        ObjectNode details = JSON.createObjectNode();
        details.put("kind", kind);
        details.put("target", "bubble");
        details.put("batch_id", batchId);
        details.put("attempt", row.attempt());
        return details;
    }
}
