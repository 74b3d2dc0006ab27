package io.bubblesync.app;

import io.bubblesync.relay.db.RunHistory;
import io.bubblesync.relay.ops.OperatorInput;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Recent passes from sync_run, newest first. */
@Command(name = "runs", description = "List recent runs (sync_run), newest first.")
class RunsCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Option(names = "--limit", defaultValue = "20", description = "how many runs, 1..1000 (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        OperatorInput.runs("--limit", limit);
        try (Startup startup = Startup.open(parent.config, Startup.Needs.DATABASE)) {
            System.out.printf("%-8s %-10s %-24s %-26s %7s %-9s %7s %9s %6s %7s  %s%n", "run", "job", "instance", "started",
                    "took_ms", "status", "claimed", "completed", "failed", "skipped", "message");
            for (Map<String, Object> r : new RunHistory(startup.dataSource()).recent(limit)) {
                long took = java.time.Duration.between(java.time.Instant.parse((String) r.get("started_at")),
                        java.time.Instant.parse((String) r.get("ended_at"))).toMillis();
                System.out.printf("%-8s %-10s %-24s %-26s %7d %-9s %7s %9s %6s %7s  %s%n", r.get("run_id"), r.get("job"), r.get("instance"),
                        r.get("started_at"), took, r.get("status"), r.get("claimed"), r.get("completed"), r.get("failed"),
                        r.get("skipped"), r.get("message"));
            }
        }
        return 0;
    }
}
