package io.bubblesync.relay.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.config.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * What the delivery-errors route configuration does with a batch that failed transiently: decides
 * whether the {@link QuickRedelivery} policy redelivers it in-process at all (not when Retry-After asks for a longer
 * wait than the policy's longest), and once it gives up, turns the failure into durable retries (failed +
 * next_retry_at) for every row of the batch.
 */
public class TransientFailure {
    private final Duration longestQuickWait;
    private final Duration httpTimeout;
    private final Backoff backoff;
    private final FailureText failureText;

    public TransientFailure(RedeliveryPolicy quickRedelivery, Duration httpTimeout, Backoff backoff, Secret token) {
        this.longestQuickWait = QuickRedelivery.longestWait(quickRedelivery);
        this.httpTimeout = httpTimeout;
        this.backoff = backoff;
        this.failureText = new FailureText(token, new ObjectMapper());
    }

    /** True when the endpoint's Retry-After asks for a longer wait than a quick redelivery: then none is made. */
    public boolean asksToWaitLonger(Exchange exchange) {
        Exception cause = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return cause instanceof TransientDeliveryException t && t.retryAfter() != null
                && t.retryAfter().compareTo(longestQuickWait) > 0;
    }

    /** One transient settlement per row of the batch, each with its own backoff. */
    public List<Settlement> settle(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        String line = describe(cause);
        Duration retryAfter = cause instanceof TransientDeliveryException t ? t.retryAfter() : null;
        return BatchRequest.rows(exchange).stream().map(row -> {
            ObjectNode details = failureText.details("transient", exchange, row);
            details.put("redeliveries", redeliveries);
            details.put("exception", cause == null ? "unknown" : cause.getClass().getName());
            if (cause instanceof TransientDeliveryException t) {
                details.put("http_status", t.statusCode());
                details.put("endpoint_message", t.endpointMessage());
                if (t.retryAfter() != null) {
                    details.put("retry_after_s", t.retryAfter().toSeconds());
                }
            }
            long delay = backoff.delayMillis(row.retryCount(), retryAfter);
            String attempts = " (attempt " + row.attempt() + " of " + row.maxRetries() + ")";
            return Settlement.transientFailure(row, line + attempts, details, delay);
        }).toList();
    }

    private String describe(Exception cause) {
        if (cause instanceof TransientDeliveryException t) {
            return failureText.scrubbed(t.getMessage());
        }
        if (cause instanceof SocketTimeoutException || hasCause(cause, SocketTimeoutException.class)) {
            return "no answer from bubble_sync within " + httpTimeout.toMillis() + " ms (timeout)";
        }
        if (cause instanceof ConnectException || hasCause(cause, ConnectException.class)) {
            return failureText.scrubbed("cannot connect to bubble_sync: " + cause.getMessage());
        }
        if (cause instanceof IOException) {
            return failureText.scrubbed("I/O error talking to bubble_sync: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        return failureText.scrubbed("delivery failed: " + (cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
