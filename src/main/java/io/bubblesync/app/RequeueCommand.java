package io.bubblesync.app;

import io.bubblesync.relay.db.QueueMaintenance;
import io.bubblesync.relay.ops.BadInput;
import io.bubblesync.relay.ops.OperatorInput;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Puts failed rows with no retry scheduled (exhausted, permanent, legacy) back in line for the retry pass. */
@Command(name = "requeue", description = "Put exhausted or permanently failed rows back in line (retry state reset, error kept in error_details).")
class RequeueCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @ArgGroup(multiplicity = "1")
    Which which;

    static class Which {
        @Option(names = "--id", description = "one row") String id;
        @Option(names = "--table", description = "every such row of one table_name") String table;
        @Option(names = "--all", description = "every such row") boolean all;
    }

    @Option(names = "--match", paramLabel = "TEXT", description = "only rows whose error message contains TEXT (case-insensitive)")
    String match;

    @Option(names = "--dry-run", description = "print what would change, change nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        String id = which.id == null ? null : OperatorInput.rowId("--id", which.id);
        String table = which.table == null ? null : OperatorInput.table("--table", which.table);
        if (match != null && match.isBlank()) {
            throw new BadInput("--match is empty: give a piece of the error message, e.g. 'HTTP 503'");
        }
        try (Startup startup = Startup.open(parent.config, Startup.Needs.DATABASE)) {
            QueueMaintenance maintenance = new QueueMaintenance(startup.dataSource());
            if (table != null && !maintenance.knownTable(table)) {
                throw new BadInput("--table '" + table + "' has no rows in sync_queue (table_name is matched exactly)");
            }
            List<Map<String, Object>> rows = maintenance.requeue(new QueueMaintenance.Selection(id, table, which.all, match), dryRun);
            for (Map<String, Object> r : rows) {
                System.out.println("  " + r.get("id") + " " + r.get("table_name") + "/" + r.get("record_id") + " " + r.get("operation")
                        + " [" + r.get("failure_kind") + "] " + r.get("error_message"));
            }
            System.out.println("requeue: " + rows.size() + " row(s) " + (dryRun ? "would be requeued (dry run, nothing changed)" : "requeued"));
        }
        return 0;
    }
}
