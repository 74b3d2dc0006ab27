package io.bubblesync.relay.camel;

import io.bubblesync.relay.db.HandBack;
import io.bubblesync.relay.delivery.BatchRequest;
import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.delivery.EndpointBreaker;
import java.sql.SQLException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a claimed batch still goes out: not while the relay is stopping, not while the circuit
 * breaker is open. A batch that does not go out is handed back unsent, attempts untouched.
 */
public class DeliveryGate {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.delivery");

    private final EndpointBreaker breaker;
    private final HandBack handBack;

    public DeliveryGate(EndpointBreaker breaker, HandBack handBack) {
        this.breaker = breaker;
        this.handBack = handBack;
    }

    /** True when new work may start: claims and batches alike. */
    public boolean open(CamelContext context) {
        return !context.isStopping() && breaker.acceptsWork();
    }

    public boolean closed(Exchange exchange) {
        return !open(exchange.getContext());
    }

    public void handBack(Exchange exchange) throws SQLException {
        var ids = BatchRequest.rows(exchange).stream().map(ClaimedRow::id).toList();
        int back = handBack.rows(ids);
        PassReport.tally(exchange).handedBack(back);
        LOG.info("batch {}: {} rows handed back unsent ({})", exchange.getProperty(BatchRequest.BATCH_ID), back,
                exchange.getContext().isStopping() ? "relay stopping" : "circuit breaker " + breaker.state());
    }
}
