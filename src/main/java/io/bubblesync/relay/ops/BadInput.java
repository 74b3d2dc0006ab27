package io.bubblesync.relay.ops;

import io.bubblesync.relay.config.ConfigurationError;

/** An operator's value refused before anything touched the database: exit code 2, or HTTP 400, one line. */
public class BadInput extends ConfigurationError {
    public BadInput(String message) {
        super(message);
    }
}
