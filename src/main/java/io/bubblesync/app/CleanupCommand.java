package io.bubblesync.app;

import io.bubblesync.relay.db.QueueMaintenance;
import io.bubblesync.relay.ops.OperatorInput;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Deletes old completed/skipped rows and old failed rows with no retry scheduled; --dry-run only counts them. */
@Command(name = "cleanup", description = "Delete completed/skipped rows older than N days and failed rows older than M days.")
class CleanupCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Option(names = "--completed-days", description = "1..36500; default: sync.cleanup.completed-retention")
    Integer completedDays;

    @Option(names = "--failed-days", description = "1..36500; default: sync.cleanup.failed-retention")
    Integer failedDays;

    @Option(names = "--dry-run", description = "say what would be deleted, delete nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Duration completedGiven = completedDays == null ? null : Duration.ofDays(OperatorInput.days("--completed-days", completedDays));
        Duration failedGiven = failedDays == null ? null : Duration.ofDays(OperatorInput.days("--failed-days", failedDays));
        try (Startup startup = Startup.open(parent.config, Startup.Needs.DATABASE)) {
            Duration completed = completedGiven != null ? completedGiven : startup.settings().cleanupCompletedRetention();
            Duration failed = failedGiven != null ? failedGiven : startup.settings().cleanupFailedRetention();
            QueueMaintenance maintenance = new QueueMaintenance(startup.dataSource());
            String which = "(completed/skipped older than " + completed.toDays() + "d, failed with no retry scheduled older than "
                    + failed.toDays() + "d)";
            if (dryRun) {
                Map<String, Object> would = maintenance.cleanupPreview(completed, failed);
                long c = ((Number) would.get("completed")).longValue();
                long f = ((Number) would.get("failed")).longValue();
                System.out.println("cleanup: would delete " + (c + f) + " row(s): " + c + " completed/skipped older than "
                        + completed.toDays() + "d, " + f + " failed older than " + failed.toDays() + "d (dry run, nothing deleted)");
            } else {
                long deleted = maintenance.cleanup(completed, failed);
                System.out.println("cleanup: deleted " + deleted + " row(s) " + which);
            }
        }
        return 0;
    }
}
