package io.bubblesync.relay.delivery;

import java.time.Duration;

/** The endpoint answered with a status worth trying again (408, 425, 429, 5xx). */
public class TransientDeliveryException extends RuntimeException {
    private final int statusCode;
    private final Duration retryAfter;
    private final String endpointMessage;

    public TransientDeliveryException(int statusCode, Duration retryAfter, String endpointMessage) {
        this("bubble_sync", statusCode, retryAfter, endpointMessage);
    }

    /** {@code from}: who answered, for the message (bubble_sync, Bubble). */
    public TransientDeliveryException(String from, int statusCode, Duration retryAfter, String endpointMessage) {
        super("HTTP " + statusCode + " from " + from + (endpointMessage.isEmpty() ? "" : ": " + endpointMessage));
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
        this.endpointMessage = endpointMessage;
    }

    public int statusCode() {
        return statusCode;
    }

    /** The endpoint's Retry-After, or null when it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public String endpointMessage() {
        return endpointMessage;
    }

    public static boolean isTransientStatus(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }
}
