package io.bubblesync.app;

import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.ops.BadInput;
import io.bubblesync.relay.resync.Backfill;
import io.bubblesync.relay.resync.BulkRuns;
import io.bubblesync.relay.resync.ResyncSettings;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Enqueues every row of a table (or those without a Bubble id, or changed since a time) for delivery, behind live changes. */
@Command(name = "backfill", description = "Enqueue an INSERT (no Bubble id) or UPDATE for every row of a table, in chunks, "
        + "behind live changes; resumable after a kill.")
class BackfillCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Mixin
    SourceTableOption table;

    @Option(names = "--missing-only", description = "only rows without a Bubble id (sync.bubble.id-column)")
    boolean missingOnly;

    @Option(names = "--since", paramLabel = "TS", description = "only rows changed at or after TS (ISO-8601, e.g. 2026-11-01T00:00:00Z; "
            + "column sync.backfill.changed-column)")
    String since;

    @Option(names = "--dry-run", description = "print the count, enqueue nothing")
    boolean dryRun;

    @Option(names = "--restart", description = "start over instead of resuming a backfill of this table that was stopped")
    boolean restart;

    @Override
    public Integer call() throws Exception {
        String name = table.name();
        OffsetDateTime from = since == null ? null : time(since);
        try (Startup startup = Startup.open(parent.config, Startup.Needs.DATABASE)) {
            BulkRuns.requireSessions(startup.path(), "backfill");
            Schema.check(startup.dataSource());
            new Backfill(startup.dataSource(), ResyncSettings.from(startup.settings()), startup.settings().instanceId(), System.out)
                    .run(new Backfill.Request(name, missingOnly, from, dryRun, restart));
        }
        return 0;
    }

    private static OffsetDateTime time(String text) {
        try {
            return OffsetDateTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BadInput("--since '" + text + "' is not a time with an offset, e.g. 2026-11-01T00:00:00Z");
        }
    }
}
