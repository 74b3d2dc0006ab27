package io.bubblesync.relay.delivery;

/**
 * The endpoint answered in a way that shows it does not know the {@code sync_batch} action (400 "Unknown
 * action", or 404 for the function's URL): a configuration problem, not a row problem. See {@link ActionGuard}.
 */
public class ActionNotAcceptedException extends RuntimeException {
    private final int statusCode;

    public ActionNotAcceptedException(int statusCode, String endpointMessage) {
        super("HTTP " + statusCode + (endpointMessage.isEmpty() ? "" : ": " + endpointMessage));
        this.statusCode = statusCode;
    }

    public int statusCode() {
        return statusCode;
    }
}
