package io.bubblesync.relay.camel;

import io.bubblesync.relay.delivery.BatchRequest;
import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.delivery.Settlement;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the tally of a pass as its exchange moves through the routes, and logs one line at the end. */
public class PassReport {
    public static final String TALLY = "tally";
    public static final String MORE = "more";
    private static final String LAST_CLAIM = "lastClaim";
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.pass");

    private final int claimLimit;
    private final DeliveryGate gate;

    public PassReport(int claimLimit, DeliveryGate gate) {
        this.claimLimit = claimLimit;
        this.gate = gate;
    }

    /** Starts the tally; the pass claims nothing while the relay is stopping or the breaker is open. */
    public void start(Exchange exchange) {
        exchange.setProperty(TALLY, new PassTally(exchange.getProperty(BatchRequest.SOURCE, "processor", String.class)));
        exchange.setProperty(MORE, gate.open(exchange.getContext()));
    }

    /** After the lease rescue statement: how many expired rows it turned into due retries. */
    public void rescued(Exchange exchange) {
        int rows = exchange.getMessage().getHeader("CamelSqlUpdateCount", 0, Integer.class);
        if (rows > 0) {
            tally(exchange).rescued(rows);
            LOG.warn("rescued {} rows whose lease expired: they are due for retry now (same idempotency key)", rows);
        }
    }

    /** After a claim: count it. */
    public void claimed(Exchange exchange) {
        int rows = exchange.getMessage().getBody(List.class).size();
        tally(exchange).claimed(rows);
        exchange.setProperty(LAST_CLAIM, rows);
    }

    /** After the claim's batches: keep draining while the claim came back full and work may go on. */
    public void next(Exchange exchange) {
        int rows = exchange.getProperty(LAST_CLAIM, 0, Integer.class);
        exchange.setProperty(MORE, rows >= claimLimit && gate.open(exchange.getContext()));
    }

    public void batch(Exchange exchange) {
        tally(exchange).batch(exchange.getProperty(BatchRequest.BATCH_ID, String.class));
    }

    @SuppressWarnings("unchecked")
    public void settled(Exchange exchange) {
        List<Settlement> settlements = exchange.getProperty(SettleStatement.SETTLEMENTS, List.class);
        List<ClaimedRow> rows = BatchRequest.rows(exchange);
        List<Integer> attemptsLeft = settlements.stream().map(s -> rows.stream()
                .filter(r -> r.id().equals(s.id())).findFirst()
                .map(r -> r.maxRetries() - r.attempt()).orElse(0)).toList();
        tally(exchange).settled(settlements, attemptsLeft);
    }

    public void unsettled(Exchange exchange) {
        List<ClaimedRow> rows = BatchRequest.rows(exchange);
        tally(exchange).unsettled(rows == null ? 0 : rows.size());
    }

    /** Logs the pass's one line (only when it claimed something) and returns the tally as the body. */
    public PassTally finish(Exchange exchange) {
        PassTally tally = tally(exchange);
        if (tally.claimed() > 0) {
            LOG.info("pass done: {}", tally.summary());
        } else {
            LOG.debug("pass done: {}", tally.summary());
        }
        return tally;
    }

    static PassTally tally(Exchange exchange) {
        PassTally tally = exchange.getProperty(TALLY, PassTally.class);
        return tally != null ? tally : new PassTally("detached");
    }
}
