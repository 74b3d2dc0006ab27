package io.bubblesync.relay.camel;

import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.DatabaseOutage;
import io.bubblesync.relay.db.RunHistory;
import io.bubblesync.relay.delivery.BatchRequest;
import io.bubblesync.relay.delivery.ClaimedRow;
import io.bubblesync.relay.delivery.Settlement;
import io.bubblesync.relay.ops.RelayMetrics;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the tally of a pass as its exchange moves through the routes, and logs one line at the end. */
public class PassReport {
    public static final String TALLY = "tally";
    public static final String MORE = "more";
    private static final String LAST_CLAIM = "lastClaim";
    private static final String LAPSED_BEFORE = "lapsedBefore";
    private static final String PASS_STARTED = "passStarted";
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.pass");

    private static final String CLAIM_STARTED = BatchRequest.CLAIM_STARTED;
    /** Exchange property: what started the pass; "wakeup" passes are rolled up per minute in sync_run. */
    public static final String TRIGGER = "trigger";

    private final ClaimSize claimSize;
    private final DatabaseOutage outage;
    private final DeliveryGate gate;
    private final RunHistory history;
    private final RelayMetrics metrics;
    private final String instanceId;
    private final WakeupRollup wakeups;

    public PassReport(ClaimSize claimSize, DeliveryGate gate, RunHistory history, RelayMetrics metrics, String instanceId,
                      DatabaseOutage outage) {
        this.claimSize = claimSize;
        this.outage = outage;
        this.gate = gate;
        this.history = history;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.wakeups = new WakeupRollup(instanceId);
    }

    /** Just before a claim (its size is in header "limit", from {@link ClaimSize}): the time its rows' lease starts from. */
    public void claiming(Exchange exchange) {
        exchange.setProperty(CLAIM_STARTED, System.nanoTime());
    }

    /** Starts the tally; the pass claims nothing while the relay is stopping, paused or its breaker is open. */
    public void start(Exchange exchange) {
        exchange.setProperty(PASS_STARTED, System.nanoTime());
        exchange.setProperty(TALLY, new PassTally(exchange.getProperty(BatchRequest.SOURCE, "processor", String.class)));
        exchange.setProperty(MORE, gate.open(exchange.getContext()));
    }

    /** After the lease rescue statement: how many expired rows it turned into due retries. */
    public void rescued(Exchange exchange) {
        int rows = exchange.getMessage().getHeader("CamelSqlUpdateCount", 0, Integer.class);
        if (rows > 0) {
            tally(exchange).rescued(rows);
            String message = "rescued " + rows + " rows whose lease expired: they are due for retry now (same idempotency key)";
            LOG.warn(message);
            Instant now = Instant.now();
            record(new RunHistory.Run("rescue", instanceId, now, now, true, rows, 0, rows, 0, message));
        }
    }

    /** After a claim: count it. */
    public void claimed(Exchange exchange) {
        int rows = exchange.getMessage().getBody(List.class).size();
        tally(exchange).claimed(rows);
        outage.answered();
        exchange.setProperty(LAST_CLAIM, rows);
        claimSize.claimed(exchange, rows);
        exchange.setProperty(LAPSED_BEFORE, tally(exchange).lapsed());
        metrics.claim(System.nanoTime() - exchange.getProperty(CLAIM_STARTED, System.nanoTime(), Long.class), rows);
    }

    /**
     * After the claim's batches: keep draining while the claim came back full and work may go on; not when some of its
     * rows went back for want of a rate-limit permit in time (claimed again now, they would only go back again).
     */
    public void next(Exchange exchange) {
        boolean full = claimSize.next(exchange, exchange.getProperty(LAST_CLAIM, 0, Integer.class));
        boolean lapsed = tally(exchange).lapsed() > exchange.getProperty(LAPSED_BEFORE, 0, Integer.class);
        exchange.setProperty(MORE, full && !lapsed && gate.open(exchange.getContext()));
    }

    public void batch(Exchange exchange) {
        tally(exchange).batch(exchange.getProperty(BatchRequest.BATCH_ID, String.class));
    }

    @SuppressWarnings("unchecked")
    public void settled(Exchange exchange) {
        List<Settlement> settlements = exchange.getProperty(SettleWriter.SETTLEMENTS, List.class);
        List<ClaimedRow> rows = BatchRequest.rows(exchange);
        List<Integer> attemptsLeft = settlements.stream().map(s -> rows.stream()
                .filter(r -> r.id().equals(s.id())).findFirst()
                .map(r -> r.maxRetries() - r.attempt()).orElse(0)).toList();
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
     * {@link DatabaseOutage} (not once per pass), and its run is not recorded: there is nowhere to record it.
     */
    public PassTally fail(Exchange exchange) {
        claimSize.release(exchange);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + Database.rootMessage(e);
        if (e != null && DatabaseOutage.isConnectionLoss(e)) {
            outage.failed(e, exchange.getProperty(PASS_STARTED, System.nanoTime(), Long.class));
            LOG.debug("pass {} stopped: {}", exchange.getProperty(BatchRequest.SOURCE), why);
            tally(exchange).failed(why);
            return tally(exchange);
        }
        LOG.error("pass {} stopped: {}", exchange.getProperty(BatchRequest.SOURCE), why);
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
        boolean wakeup = "wakeup".equals(exchange.getProperty(TRIGGER, String.class));
        if (didSomething && wakeup && tally.failure() == null) {
            wakeups.add(tally, Instant.now()).ifPresent(this::record);
        } else if (didSomething) {
            record(new RunHistory.Run(tally.job(), instanceId, tally.startedAt(), Instant.now(), tally.failure() == null,
                    tally.claimed(), tally.completed(), tally.failedRetryable() + tally.failedPermanent(), tally.skipped(),
                    tally.failure() != null ? tally.failure() : tally.summary()));
        }
        return tally;
    }

    private void record(RunHistory.Run run) {
        try {
            history.record(run);
        } catch (Exception e) {
            if (DatabaseOutage.isConnectionLoss(e)) {
                outage.failed(e);
            } else {
                LOG.warn("run history not recorded: {}", Database.rootMessage(e));
            }
        }
    }


    static PassTally tally(Exchange exchange) {
        PassTally tally = exchange.getProperty(TALLY, PassTally.class);
        return tally != null ? tally : new PassTally("detached");
    }
}
