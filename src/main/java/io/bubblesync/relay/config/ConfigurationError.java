package io.bubblesync.relay.config;

/** A configuration or schema problem the operator must fix: reported as one actionable line, exit code 2. */
public class ConfigurationError extends RuntimeException {
    public ConfigurationError(String message) {
        super(message);
    }
}
