package io.bubblesync.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bubblesync.relay.db.QueueStatus;
import io.bubblesync.relay.db.RelayControl;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Counts by status and operation, backlog age, retry state and the last errors; or where one record is (--record). */
@Command(name = "status", description = "Show the state of sync_queue.")
class StatusCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean asJson;

    @Option(names = "--record", paramLabel = "T:ID", description = "where is record ID of table T: its queue rows (attempts, errors, "
            + "Bubble id), its Bubble id in the table, what the last reconcile said of it")
    String record;

    @Override
    public Integer call() throws Exception {
        if (record != null) {
            return RecordTrail.print(parent.config, record, asJson);
        }
        try (Startup startup = Startup.open(parent.config, Startup.Needs.DATABASE)) {
            QueueStatus status = QueueStatus.read(startup.dataSource());
            Map<String, Object> control = new RelayControl(startup.dataSource()).state();
            if (asJson) {
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                out.put("paused", control.get("paused"));
                out.put("queue", status);
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
            } else {
                System.out.println(Boolean.TRUE.equals(control.get("paused"))
                        ? "PAUSED since " + control.get("changed_at") + " by " + control.get("changed_by") + " (resume with 'resume')"
                        : "running (not paused)");
                print(status);
            }
        }
        return 0;
    }

    private static void print(QueueStatus s) {
        System.out.printf("%-12s %-14s %8s%n", "status", "operation", "rows");
        for (QueueStatus.Count c : s.counts()) {
            System.out.printf("%-12s %-14s %8d%n", c.status(), c.operation(), c.rows());
        }
        System.out.println();
        System.out.println("oldest pending: " + (s.oldestPendingSeconds() == null ? "none" : Math.round(s.oldestPendingSeconds()) + " s"));
        System.out.println("failed, retry scheduled: " + s.retryable() + "; exhausted: " + s.exhausted() + "; permanent: " + s.permanent());
        System.out.println("last errors:");
        if (s.lastErrors().isEmpty()) {
            System.out.println("  none");
        }
        for (Map<String, Object> e : s.lastErrors()) {
            System.out.println("  " + e.get("at") + " " + e.get("table_name") + "/" + e.get("record_id") + " " + e.get("operation")
                    + " [" + e.get("failure_kind") + ", retries " + e.get("retry_count") + "] " + e.get("error_message"));
        }
    }
}
