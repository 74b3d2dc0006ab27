package io.bubblesync.relay.camel;

import io.bubblesync.relay.db.Database;

/**
 * A settle statement failed (database lost, statement timeout): every batch in it gets this exception, and their
 * rows stay 'processing' until their lease ends. {@link SettleWriter} logs it once for the whole statement.
 */
public class SettleFailure extends Exception {
    public SettleFailure(int rows, int batches, Exception cause) {
        super("settle of " + rows + " rows (" + batches + (batches == 1 ? " batch" : " batches")
                + ") failed, they stay 'processing' until their lease ends: " + cause.getClass().getSimpleName() + ": "
                + Database.rootMessage(cause), cause);
    }
}
