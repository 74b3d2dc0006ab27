package io.bubblesync.app;

import io.bubblesync.relay.db.QueueMaintenance;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Deletes old completed/skipped rows and old failed rows with no retry scheduled. */
@Command(name = "cleanup", description = "Delete completed/skipped rows older than N days and failed rows older than M days.")
class CleanupCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Option(names = "--completed-days", description = "default: sync.cleanup.completed-retention")
    Integer completedDays;

    @Option(names = "--failed-days", description = "default: sync.cleanup.failed-retention")
    Integer failedDays;

    @Override
    public Integer call() throws Exception {
        try (Startup startup = Startup.open(parent.config, Startup.Needs.DATABASE)) {
            Duration completed = completedDays == null ? startup.settings().cleanupCompletedRetention() : Duration.ofDays(completedDays);
            Duration failed = failedDays == null ? startup.settings().cleanupFailedRetention() : Duration.ofDays(failedDays);
            long deleted = new QueueMaintenance(startup.dataSource()).cleanup(completed, failed);
            System.out.println("cleanup: deleted " + deleted + " row(s) (completed/skipped older than " + completed.toDays()
                    + "d, failed older than " + failed.toDays() + "d)");
        }
        return 0;
    }
}
