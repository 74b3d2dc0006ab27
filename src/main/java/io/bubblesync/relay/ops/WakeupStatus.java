package io.bubblesync.relay.ops;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which wake-up the relay uses right now, and why: {@code listen} (a NOTIFY wakes it), {@code poll} (it asks every
 * sync.wakeup.poll-interval), {@code off} (sync.wakeup.enabled=false: cron passes only), {@code starting} (before the
 * first LISTEN has been checked). Shown by readiness (check "wakeup"), /admin/overview, the dashboard and the metric
 * sync_wakeup_mode{mode}.
 */
public final class WakeupStatus {
    public enum Mode { STARTING, LISTEN, POLL, OFF }

    private final String pollInterval;
    private volatile Mode mode;
    private volatile String why;

    public WakeupStatus(boolean enabled, String pollInterval) {
        this.pollInterval = pollInterval;
        this.mode = enabled ? Mode.STARTING : Mode.OFF;
        this.why = enabled ? "connecting" : "sync.wakeup.enabled=false: cron passes only";
    }

    public void listening(String reason) {
        set(Mode.LISTEN, reason);
    }

    public void polling(String reason) {
        set(Mode.POLL, reason);
    }

    private synchronized void set(Mode now, String reason) {
        mode = now;
        why = reason;
    }

    public Mode mode() {
        return mode;
    }

    /** listen, poll, off, starting. */
    public String label() {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** One line: "wake-up: poll every 1s (why)", "wake-up: listen (why)". */
    public synchronized String summary() {
        return "wake-up: " + label() + (mode == Mode.POLL ? " every " + pollInterval : "") + " (" + why + ")";
    }

    public synchronized Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", label());
        out.put("why", why);
        if (mode == Mode.POLL) {
            out.put("poll_interval", pollInterval);
        }
        return out;
    }
}
