package io.bubblesync.relay.camel;

import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.DatabaseOutage;
import io.bubblesync.relay.db.RunHistory;
import io.bubblesync.relay.delivery.BatchRequest;
import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.delivery.Settlement;
import io.bubblesync.relay.ops.RelayMetrics;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tally of a pass as its exchange moves through the routes, and logs one line at the end. How many rows a
 * claim may take is {@link ClaimSize}'s; whether the pass claims again is the pass route's decision.
 */
public class PassReport {
    private static final String LAPSED_BEFORE = "lapsedBefore";
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.pass");

    private static final String CLAIM_STARTED = ExchangeKeys.CLAIM_STARTED;

    private final DatabaseOutage outage;
    private final RunRecorder runs;
    private final RelayMetrics metrics;
    private final String instanceId;

    public PassReport(RunRecorder runs, RelayMetrics metrics, String instanceId, DatabaseOutage outage) {
        this.outage = outage;
        this.runs = runs;
        this.metrics = metrics;
        this.instanceId = instanceId;
    }

    /** Just before a claim (its size is in header "limit", from ClaimSize): the time its rows' lease starts from. */
    public void claiming(Exchange exchange) {
        exchange.setProperty(CLAIM_STARTED, System.nanoTime());
    }

    /** Starts the pass's tally. */
    public void start(Exchange exchange) {
        exchange.setProperty(ExchangeKeys.TALLY, new PassTally(exchange.getProperty(ExchangeKeys.JOB, "processor", String.class)));
    }

    /** After the lease rescue statement: how many expired rows it turned into due retries. */
    public void rescued(Exchange exchange) {
        int rows = exchange.getMessage().getHeader("CamelSqlUpdateCount", 0, Integer.class);
        if (rows > 0) {
            tally(exchange).rescued(rows);
            String message = "rescued " + rows + " rows whose lease expired: they are due for retry now (same idempotency key)";
            LOG.warn(message);
            Instant now = Instant.now();
            runs.record(new RunHistory.Run("rescue", instanceId, now, now, true, rows, 0, rows, 0, message));
        }
    }

    /** After a claim (the body: its rows): count it, and tell the outage that the database answered. */
    public void claimed(Exchange exchange) {
        int rows = exchange.getMessage().getBody(List.class).size();
        tally(exchange).claimed(rows);
        outage.answered();
        exchange.setProperty(LAPSED_BEFORE, tally(exchange).lapsed());
        metrics.claim(System.nanoTime() - exchange.getProperty(CLAIM_STARTED, System.nanoTime(), Long.class), rows);
    }

    /**
     * After the claim's batches: how many of its rows went back for want of a rate-limit permit in time
     * (sync.target=bubble; claimed again now, they would only go back again).
     */
    public int lapsedSinceClaim(Exchange exchange) {
        return tally(exchange).lapsed() - exchange.getProperty(LAPSED_BEFORE, 0, Integer.class);
    }

    public void batch(Exchange exchange) {
        tally(exchange).batch(exchange.getProperty(ExchangeKeys.BATCH_ID, String.class));
    }

    @SuppressWarnings("unchecked")
    public void settled(Exchange exchange) {
        List<Settlement> settlements = exchange.getProperty(ExchangeKeys.SETTLEMENTS, List.class);
        List<ClaimedRow> rows = BatchRequest.rows(exchange);
        List<Integer> attemptsLeft = settlements.stream().map(s -> rows.stream()
                .filter(r -> r.id().equals(s.id())).findFirst()
                .map(ClaimedRow::attemptsLeftAfterThis).orElse(0)).toList();
        tally(exchange).settled(settlements, attemptsLeft);
        metrics.settled(settlements, rows);
        metrics.batch(exchange.getProperty(Exchange.EXCEPTION_CAUGHT) != null ? "failed" : "delivered");
    }

    public void unsettled(Exchange exchange) {
        List<ClaimedRow> rows = BatchRequest.rows(exchange);
        tally(exchange).unsettled(rows == null ? 0 : rows.size());
    }

    /**
     * The pass stopped on an error: one line, recorded as a failed run. A lost database is said once by
     * {@link DatabaseOutage} (not once per pass), and its run is not recorded ({@link RunRecorder#lostDatabase}).
     */
    public PassTally fail(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + Database.rootMessage(e);
        if (runs.lostDatabase(e, tally(exchange))) {
            LOG.debug("pass {} stopped: {}", exchange.getProperty(ExchangeKeys.JOB), why);
            tally(exchange).failed(why);
            return tally(exchange);
        }
        LOG.error("pass {} stopped: {}", exchange.getProperty(ExchangeKeys.JOB), why);
        tally(exchange).failed(why);
        return finish(exchange);
    }

    /**
     * Logs the pass's one line and records it in sync_run when it did something or failed (wake-up passes
     * summed per minute); returns the tally as the body.
     */
    public PassTally finish(Exchange exchange) {
        PassTally tally = tally(exchange);
        if (tally.failure() == null) {
            metrics.passFinished(tally.job());
        }
        boolean didSomething = tally.claimed() > 0 || tally.rescued() > 0 || tally.failure() != null;
        if (tally.claimed() > 0) {
            LOG.info("pass done: {}", tally.summary());
        } else {
            LOG.debug("pass done: {}", tally.summary());
        }
        if (didSomething) {
            runs.passEnded(tally, "wakeup".equals(exchange.getProperty(ExchangeKeys.TRIGGER, String.class)), tally.summary());
        }
        return tally;
    }


    static PassTally tally(Exchange exchange) {
        PassTally tally = exchange.getProperty(ExchangeKeys.TALLY, PassTally.class);
        return tally != null ? tally : new PassTally("detached");
    }
}
