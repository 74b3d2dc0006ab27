package io.bubblesync.relay.bubble;

import io.bubblesync.relay.delivery.TransientDeliveryException;

/**
 * A call being sent again after a failure got no rate-limit permit before its rows' lease would run short. Its first
 * send may have reached Bubble, so its rows are not handed back as unsent: they become a transient failure.
 */
public class PermitTooLate extends TransientDeliveryException {
    private static final String TEXT = "no Bubble rate-limit permit before the rows' lease would run short "
            + "(sync.bubble.rate-limit, sync.lease): retried later";

    public PermitTooLate() {
        super("Bubble", 0, null, TEXT);
    }

    @Override
    public String getMessage() {
        return TEXT;
    }
}
