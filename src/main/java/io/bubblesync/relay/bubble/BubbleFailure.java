package io.bubblesync.relay.bubble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.config.OneLine;
import io.bubblesync.relay.config.Secret;
import io.bubblesync.relay.delivery.Backoff;
import io.bubblesync.relay.delivery.TransientDeliveryException;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bubble-call-errors route configuration does when a Bubble call failed: a 429 waits in the rate limit
 * and goes again when Bubble's Retry-After is short; a transient failure that outlived its quick redeliveries
 * becomes a durable retry of the call's rows not settled yet; anything else leaves them 'processing' for the lease.
 */
public class BubbleFailure {
    private static final Logger LOG = LoggerFactory.getLogger("bubble-sync.delivery");

    private final ObjectMapper json = new ObjectMapper();
    private final Backoff backoff;
    private final Duration longestInProcessWait;
    private final Duration httpTimeout;
    private final Secret key;

    /** {@code longestInProcessWait}: RelaySettings.longestInProcessWait, the longest Retry-After waited for in-process. */
    public BubbleFailure(Backoff backoff, Duration longestInProcessWait, Duration httpTimeout, Secret key) {
        this.backoff = backoff;
        this.longestInProcessWait = longestInProcessWait;
        this.httpTimeout = httpTimeout;
        this.key = key;
    }

    /** A 429 whose Retry-After (if any) is short enough to wait for while holding the rows. */
    public boolean waitsInProcess(Exchange exchange) {
        Exception cause = cause(exchange);
        return cause instanceof BubbleThrottled t && (t.retryAfter() == null || t.retryAfter().compareTo(longestInProcessWait) <= 0);
    }

    /** The call's rows not settled yet are retried later (failed, next_retry_at), never before Retry-After. */
    public void settle(Exchange exchange) {
        Exception cause = cause(exchange);
        Duration retryAfter = cause instanceof TransientDeliveryException t ? t.retryAfter() : null;
        String line = describe(cause);
        BubbleOutcome outcome = BubbleOutcome.of(exchange);
        int redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        for (BubbleRow r : open(exchange)) {
            ObjectNode details = json.createObjectNode();
            details.put("redeliveries", redeliveries);
            details.put("exception", cause == null ? "unknown" : cause.getClass().getName());
            if (cause instanceof TransientDeliveryException t) {
                details.put("http_status", t.statusCode());
                details.put("bubble_message", t.endpointMessage());
                if (retryAfter != null) {
                    details.put("retry_after_s", retryAfter.toSeconds());
                }
            }
            outcome.transientFailure(r.row(), line + " (attempt " + r.row().attempt() + " of " + r.row().maxRetries() + ")",
                    details, backoff.delayMillis(r.row().retryCount(), retryAfter));
        }
        exchange.removeProperty(ExchangeKeys.BUBBLE_CALL);
    }

    /** An unexpected failure (the database during a write-back): the rows stay 'processing' until their lease. */
    public void unsettled(Exchange exchange) {
        Exception cause = cause(exchange);
        List<BubbleRow> rows = open(exchange);
        BubbleOutcome outcome = BubbleOutcome.of(exchange);
        rows.forEach(r -> outcome.unsettled(r.row()));
        LOG.error("Bubble call for {} rows not settled, they stay 'processing' until their lease ends: {}", rows.size(),
                OneLine.of(cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage(), key));
        exchange.removeProperty(ExchangeKeys.BUBBLE_CALL);
    }

    @SuppressWarnings("unchecked")
    private static List<BubbleRow> open(Exchange exchange) {
        BubbleOutcome outcome = BubbleOutcome.of(exchange);
        List<BubbleRow> unit = exchange.getProperty(BubbleSend.UNIT, List.class);
        return unit == null ? List.of() : unit.stream().filter(r -> !outcome.isDone(r.row())).toList();
    }

    private String describe(Exception cause) {
        if (cause instanceof TransientDeliveryException) {
            return OneLine.of(cause.getMessage(), key);
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return "no answer from Bubble within " + httpTimeout.toMillis() + " ms (timeout)";
            }
        }
        return OneLine.of("no answer from Bubble: " + (cause == null ? "unknown error"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage()), key);
    }

    private static Exception cause(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }
}
