package io.bubblesync.relay.camel;

import io.bubblesync.relay.bubble.BubbleOutcome;
import io.bubblesync.relay.bubble.TypeRefusals;
import io.bubblesync.relay.db.HandBack;
import io.bubblesync.relay.db.RelayControl;
import io.bubblesync.relay.ops.RelayMetrics;
import io.bubblesync.relay.delivery.ActionGuard;
import io.bubblesync.relay.delivery.BatchRequest;
import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.delivery.EndpointBreaker;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.sql.SQLException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a claimed batch still goes out: not while the relay is stopping or paused, not while
 * the circuit breaker is open, not while the endpoint refuses the sync_batch action ({@link ActionGuard}), not while
 * Bubble refuses the API key or every type (sync.target=bubble, {@link TypeRefusals}). A batch that does not go out is
 * handed back unsent, attempts untouched; so are the rows of a type Bubble refuses or does not know.
 */
public class DeliveryGate {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.delivery");
    private static final String REFUSES_SYNC_BATCH = "the endpoint refuses sync_batch";

    private final EndpointBreaker breaker;
    private final HandBack handBack;
    private final RelayControl control;
    private final RelayMetrics metrics;
    private final ActionGuard guard;
    private final TypeRefusals refusals;

    public DeliveryGate(EndpointBreaker breaker, HandBack handBack, RelayControl control, RelayMetrics metrics, ActionGuard guard,
                        TypeRefusals refusals) {
        this.breaker = breaker;
        this.guard = guard;
        this.handBack = handBack;
        this.control = control;
        this.metrics = metrics;
        this.refusals = refusals;
    }

    /**
     * Why no new work may start now, claims and batches alike, or null when it may: the relay is stopping or paused,
     * the circuit breaker holds calls, the endpoint refuses sync_batch, Bubble refuses the key or every type. One
     * evaluation answers both whether the gate is closed and why.
     */
    public String closedBecause(CamelContext context) {
        if (context.isStopping()) {
            return "relay stopping";
        }
        if (control.paused()) {
            return "relay paused";
        }
        if (!breaker.acceptsWork()) {
            return "circuit breaker " + breaker.state();
        }
        if (!guard.acceptsWork()) {
            return REFUSES_SYNC_BATCH;
        }
        if (refusals.allRefused()) {
            return refusals.keyRefusal().isPresent() ? "Bubble refused the API key" : "Bubble refuses every type";
        }
        return null;
    }

    /** True when new work may start (see {@link #closedBecause}). */
    public boolean open(CamelContext context) {
        return closedBecause(context) == null;
    }

    /**
     * Hands the batch's rows back unsent, attempts untouched, with why (exchange property
     * {@value ExchangeKeys#CLOSED_BECAUSE} when the route asked the gate, else the gate now or the endpoint's refusal).
     */
    public void handBack(Exchange exchange) throws SQLException {
        var ids = BatchRequest.rows(exchange).stream().map(ClaimedRow::id).toList();
        int back = handBack.rows(ids);
        PassReport.tally(exchange).handedBack(back);
        metrics.batch("handed_back");
        String why = exchange.getProperty(ExchangeKeys.CLOSED_BECAUSE, String.class);
        if (why == null) {
            why = guard.refusal() != null ? REFUSES_SYNC_BATCH : closedBecause(exchange.getContext());
        }
        if (REFUSES_SYNC_BATCH.equals(why)) { // ActionGuard said it once; every re-probe would repeat it
            LOG.debug("batch {}: {} rows handed back unsent ({})", exchange.getProperty(ExchangeKeys.BATCH_ID), back, why);
        } else {
            LOG.info("batch {}: {} rows handed back unsent ({})", exchange.getProperty(ExchangeKeys.BATCH_ID), back,
                    why == null ? "no reason recorded" : why);
        }
    }

    /**
     * Hands back the rows of a batch whose Bubble key or type is refused or unknown, or whose lease would have run short
     * waiting for a rate-limit permit: unsent, attempts untouched.
     */
    public void handBackHeld(Exchange exchange) throws SQLException {
        BubbleOutcome outcome = BubbleOutcome.of(exchange);
        if (outcome == null) {
            return;
        }
        if (!outcome.lapsed().isEmpty()) {
            int back = handBack.rows(outcome.lapsed());
            PassReport.tally(exchange).lapsed(back);
            LOG.info("batch {}: {} rows handed back unsent (their lease would run short before a Bubble rate-limit permit came)",
                    exchange.getProperty(ExchangeKeys.BATCH_ID), back);
        }
        if (outcome.held().isEmpty()) {
            return;
        }
        int back = handBack.rows(outcome.held());
        PassReport.tally(exchange).handedBack(back);
        LOG.info("batch {}: {} rows handed back unsent ({})", exchange.getProperty(ExchangeKeys.BATCH_ID), back,
                refusals.keyRefusal().isPresent() ? "Bubble refused the API key" : "Bubble refuses or does not know their type: "
                        + refusals.refusedTypes().keySet());
    }
}
