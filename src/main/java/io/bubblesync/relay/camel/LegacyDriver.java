package io.bubblesync.relay.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.delivery.LegacyAnswer;
import io.bubblesync.relay.ops.RelayMetrics;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.net.SocketTimeoutException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sync.target=legacy (routes/legacy-pass.camel.yaml): drives the deployed bubble_sync function with its own
 * actions, as pg_cron did, but only when rows are due, one call at a time per relay, reading the answer.
 * Processor: {@code process_queue_data_api {limit, batch_size}}, called again while the function processed
 * a full batch and pending rows remain. Retry: {@code retry_failed {}}. The function claims and settles;
 * the relay records what it reports in sync_run and the metrics.
 */
public class LegacyDriver {
    public static final String PROCESS = "process_queue_data_api";
    public static final String RETRY = "retry_failed";
    private static final String PERMIT = "legacyPermit";
    private static final String CALLS = "legacyCalls";
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.legacy");

    private final ObjectMapper json = new ObjectMapper();
    /** At most one call to the function in flight per relay: processor, retry and wake-ups take turns. */
    private final Semaphore oneCall = new Semaphore(1);
    private final RelaySettings settings;
    private final RunRecorder runs;
    private final RelayMetrics metrics;

    public LegacyDriver(RelaySettings settings, RunRecorder runs, RelayMetrics metrics) {
        this.settings = settings;
        this.runs = runs;
        this.metrics = metrics;
    }

    /** Waits for this relay's call in flight, if any, then starts the tally. */
    public void start(Exchange exchange) throws InterruptedException {
        oneCall.acquire();
        exchange.setProperty(PERMIT, true);
        exchange.setProperty(ExchangeKeys.TALLY, new PassTally(job(exchange)));
        exchange.setProperty(CALLS, new AtomicInteger()); // counted in place: answer() is called as an expression
    }

    /** Builds the function's request: its action for the pass's job, with the claim limit and batch size for the processor. */
    public void request(Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        ObjectNode request = json.createObjectNode();
        ObjectNode payload = request.put("action", action(exchange)).putObject("payload");
        if (!retry(exchange)) {
            payload.put("limit", settings.claimLimit());
            payload.put("batch_size", settings.batchSize());
        }
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("Camel") || name.startsWith("CamelSql"));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsBytes(request));
    }

    /**
     * Reads the function's answer into the tally and the metrics; true when it processed a full batch (so more
     * rows may be waiting), false when it took fewer or did not answer 2xx.
     */
    public boolean answer(Exchange exchange) {
        var message = exchange.getMessage();
        LegacyAnswer answer = LegacyAnswer.read(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                message.getBody(String.class), settings.token());
        exchange.getProperty(CALLS, AtomicInteger.class).incrementAndGet();
        PassTally tally = PassReport.tally(exchange);
        tally.reported(answer.processed(), answer.success(), answer.failed(), answer.skipped());
        metrics.reported("completed", answer.success());
        metrics.reported("failed", answer.failed());
        metrics.reported("skipped", answer.skipped());
        metrics.batch(answer.ok() ? "delivered" : "failed");
        if (!answer.ok()) {
            String line = "bubble_sync answered HTTP " + answer.status() + " to " + action(exchange)
                    + (answer.error().isEmpty() ? "" : ": " + answer.error());
            LOG.warn("legacy {} pass: {}", tally.job(), line);
            tally.failed(line);
            return false;
        }
        return answer.processed() >= Math.min(settings.claimLimit(), settings.batchSize());
    }

    /**
     * legacy-errors: no answer (timeout, connection) or a failed query; one line, a failed run. A lost database is
     * said once by the outage and not recorded, as for the relay's own passes ({@link RunRecorder#lostDatabase}).
     */
    public PassTally failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = e == null ? "unknown error"
                : e instanceof SocketTimeoutException || e.getCause() instanceof SocketTimeoutException
                ? "no answer from bubble_sync within " + settings.httpTimeout().toMillis() + " ms (timeout)"
                : e.getClass().getSimpleName() + ": " + settings.token().scrub(Database.rootMessage(e));
        PassTally tally = PassReport.tally(exchange);
        tally.failed(action(exchange) + ": " + why);
        if (runs.lostDatabase(e, tally)) {
            LOG.debug("legacy {} pass stopped: {}", tally.job(), why);
            release(exchange);
            exchange.getMessage().setBody(tally);
            return tally;
        }
        LOG.warn("legacy {} pass: {} failed: {}", tally.job(), action(exchange), why);
        return finish(exchange);
    }

    /** One line, a sync_run row when something was called or rescued (wake-up passes summed per minute); frees the turn. */
    public PassTally finish(Exchange exchange) {
        try {
            PassTally tally = PassReport.tally(exchange);
            AtomicInteger counted = exchange.getProperty(CALLS, AtomicInteger.class);
            int calls = counted == null ? 0 : counted.get();
            String summary = "legacy " + action(exchange) + ": calls=" + calls + " processed=" + tally.claimed()
                    + " success=" + tally.completed() + " failed=" + tally.failedRetryable() + " skipped=" + tally.skipped()
                    + (tally.rescued() > 0 ? " rescued=" + tally.rescued() : "");
            if (calls > 0 && tally.failure() == null) {
                LOG.info("pass done: job={} {}", tally.job(), summary);
            }
            if (tally.failure() == null) {
                metrics.passFinished(tally.job());
            }
            if (calls > 0 || tally.failure() != null) {
                runs.passEnded(tally, "wakeup".equals(exchange.getProperty(ExchangeKeys.TRIGGER, String.class)), summary);
            }
            exchange.getMessage().setBody(tally);
            return tally;
        } finally {
            release(exchange);
        }
    }

    /** Frees this relay's turn to call the function. */
    private void release(Exchange exchange) {
        if (exchange.removeProperty(PERMIT) != null) {
            oneCall.release();
        }
    }

    private static String job(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.JOB, "processor", String.class);
    }

    private static boolean retry(Exchange exchange) {
        return "retry".equals(job(exchange));
    }

    private static String action(Exchange exchange) {
        return retry(exchange) ? RETRY : PROCESS;
    }
}
