package io.bubblesync.relay.config;

/**
 * How the relay writes a text that goes into a log line, an error_message, sync_run or an admin answer: on one
 * line (every run of whitespace, line breaks included, becomes one space), at most {@value #MAX} characters, and
 * with a secret scrubbed when one is given.
 */
public final class OneLine {
    /** Longest text kept; longer ones are cut and end in "…". */
    public static final int MAX = 300;

    private OneLine() {
    }

    public static String of(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return flat.length() > MAX ? flat.substring(0, MAX) + "…" : flat;
    }

    /** The text with {@code secret} scrubbed first (an endpoint may echo the key it got). */
    public static String of(String text, Secret secret) {
        return of(secret.scrub(text));
    }

    /**
     * What went wrong, from the innermost cause: its class and message on one line, uncut (a route file that does
     * not load is named in it, with the line and column).
     */
    public static String of(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
