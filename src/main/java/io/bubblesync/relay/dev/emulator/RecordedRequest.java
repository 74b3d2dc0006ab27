package io.bubblesync.relay.dev.emulator;

/**
 * One request the emulator received. {@code path} is relative to the base URL ({@code /obj/listing/…}) when the
 * request was under {@code /api/1.1}; {@code query} is decoded (null when none); {@code status} is the status
 * answered, or {@link #DROPPED} when the write was applied and the answer dropped on purpose.
 */
public record RecordedRequest(String method, String path, String query, int status, String body) {
    /** The status recorded for an answer dropped by fault injection. */
    public static final int DROPPED = 0;

    public boolean dropped() {
        return status == DROPPED;
    }
}
