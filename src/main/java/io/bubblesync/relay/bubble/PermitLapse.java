package io.bubblesync.relay.bubble;

import io.bubblesync.relay.routes.ExchangeKeys;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * A Bubble call whose permit would have come only after its rows' lease runs short (BubbleRateLimit said no): it is not
 * sent (routes/bubble-send.camel.yaml).
 */
public class PermitLapse {
    /**
     * The rows of the call not settled yet go back unsent, attempts untouched, with the call's follow-ups. A call being
     * sent again after a failure may have reached Bubble the first time: its rows become a transient failure instead
     * ({@link PermitTooLate}: redelivered, then a durable retry), so a create is looked up before it is sent again.
     */
    public void lapse(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(BubbleSend.RESENT, Boolean.class))) {
            throw new PermitTooLate();
        }
        BubbleOutcome outcome = BubbleOutcome.of(exchange);
        @SuppressWarnings("unchecked")
        List<BubbleRow> unit = exchange.getProperty(BubbleSend.UNIT, List.class);
        unit.stream().filter(r -> !outcome.isDone(r.row())).forEach(r -> outcome.lapse(r.row()));
        exchange.removeProperty(ExchangeKeys.BUBBLE_CALL);
    }
}
