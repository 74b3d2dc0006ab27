package io.bubblesync.relay.config;

/** A value that must never reach a log, a row, a metric or an error text: toString() hides it. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value == null ? "" : value;
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isBlank();
    }

    /** Replaces every occurrence of this secret in {@code text} (endpoint messages may echo what they got). */
    public String scrub(String text) {
        if (text == null || value.length() < 4) {
            return text;
        }
        return text.replace(value, "***");
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(unset)" : "***";
    }
}
