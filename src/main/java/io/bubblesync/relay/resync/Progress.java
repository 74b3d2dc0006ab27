package io.bubblesync.relay.resync;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line of a long command: "backfill listing: 12,000 / 100,000 rows (12%), 4,100 rows/s, ETA 19 s",
 * printed at most once a second (and once at the end), rates counted from this process's start.
 */
public final class Progress {
    private static final long EVERY_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final String what;
    private final String unit;
    private final long startedAt = System.nanoTime();
    private final long doneAtStart;
    private long printedAt;
    private long printedDone = -1;

    public Progress(PrintStream out, String what, String unit, long doneAtStart) {
        this.out = out;
        this.what = what;
        this.unit = unit;
        this.doneAtStart = doneAtStart;
    }

    /** Prints the line when a second has passed since the last one, or when {@code last}. */
    public void show(long done, long total, boolean last) {
        long now = System.nanoTime();
        if (!last && now - printedAt < EVERY_NANOS || last && done == printedDone) {
            return;
        }
        printedAt = now;
        printedDone = done;
        out.println(line(done, total, now));
    }

    String line(long done, long total, long now) {
        double seconds = Math.max(1e-3, (now - startedAt) / 1e9);
        double rate = (done - doneAtStart) / seconds;
        StringBuilder s = new StringBuilder(what).append(": ").append(n(done));
        if (total > 0) {
            s.append(" / ").append(n(total)).append(' ').append(unit)
                    .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, Math.round(100.0 * done / total))));
        } else {
            s.append(' ').append(unit);
        }
        s.append(", ").append(n(Math.round(rate))).append(' ').append(unit).append("/s");
        if (total > done && rate > 0) {
            s.append(", ETA ").append(duration(Math.round((total - done) / rate)));
        }
        return s.toString();
    }

    private static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String duration(long seconds) {
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? (seconds / 60) + " min" : String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
    }
}
