package io.bubblesync.relay.resync;

import io.bubblesync.relay.config.HumanDuration;
import io.bubblesync.relay.config.RelaySettings;
import java.time.Duration;

/**
 * What backfill and reconcile read from the configuration: the source tables' key and Bubble-id columns (as delivery
 * uses them), {@code sync.backfill.chunk} rows per statement, {@code sync.backfill.pause} between chunks and
 * {@code sync.backfill.changed-column} for {@code --since}.
 */
public record ResyncSettings(String keyColumn, String idColumn, int chunk, Duration pause, String changedColumn) {

    public static ResyncSettings from(RelaySettings settings) {
        var raw = settings.raw();
        int chunk;
        try {
            chunk = Integer.parseInt(raw.getProperty("sync.backfill.chunk", "1000").trim());
        } catch (NumberFormatException e) {
            throw new io.bubblesync.relay.config.ConfigurationError("sync.backfill.chunk must be a whole number, e.g. 1000");
        }
        if (chunk < 1 || chunk > 100_000) {
            throw new io.bubblesync.relay.config.ConfigurationError("sync.backfill.chunk=" + chunk + " must be between 1 and 100000");
        }
        Duration pause = HumanDuration.parse("sync.backfill.pause", raw.getProperty("sync.backfill.pause", "0ms").trim());
        return new ResyncSettings(settings.bubble().keyColumn(), settings.bubble().idColumn(), chunk, pause,
                raw.getProperty("sync.backfill.changed-column", "").trim());
    }
}
