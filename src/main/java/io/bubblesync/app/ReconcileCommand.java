package io.bubblesync.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bubblesync.relay.bubble.BubbleRateLimit;
import io.bubblesync.relay.bubble.BubbleSchemaSource;
import io.bubblesync.relay.bubble.SharedBudget;
import io.bubblesync.relay.bubble.UnknownFields;
import io.bubblesync.relay.config.BubbleSettings;
import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.ops.BadInput;
import io.bubblesync.relay.resync.BubbleReader;
import io.bubblesync.relay.resync.BulkRuns;
import io.bubblesync.relay.resync.Finding;
import io.bubblesync.relay.resync.Reconcile;
import io.bubblesync.relay.resync.ResyncSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Compares a table with its Bubble type and reports what differs; --fix enqueues what puts them back in step. */
@Command(name = "reconcile", description = "Compare a table with every object of its Bubble type (sync.target=bubble): "
        + "in_sync, missing_in_bubble, dangling_bubble_id, drift, orphans_in_bubble, duplicates_in_bubble. Read-only unless --fix.")
class ReconcileCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Mixin
    SourceTableOption table;

    @Option(names = "--json", description = "print the report as JSON (progress goes to stderr)")
    boolean asJson;

    @Option(names = "--fix", description = "enqueue INSERT for missing, clear a dangling bubble_id and INSERT, UPDATE for drift")
    boolean fix;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "10", description = "sample ids per kind (default 10)")
    int sample;

    @Option(names = "--delete-orphans", description = "with --fix: enqueue a DELETE for every orphan; alone: only count them")
    boolean deleteOrphans;

    @Override
    public Integer call() throws Exception {
        String name = table.name();
        if (sample < 0 || sample > 1000) {
            throw new BadInput("--sample " + sample + " must be between 0 and 1000");
        }
        try (Startup startup = Startup.open(parent.config, Startup.Needs.BUBBLE)) {
            BulkRuns.requireSessions(startup.path(), "reconcile");
            Schema.check(startup.dataSource());
            BubbleSettings bubble = startup.settings().bubble();
            Duration timeout = startup.settings().httpTimeout();
            BubbleSchemaSource schema = new BubbleSchemaSource(bubble.apiUrl(), timeout, Clock.systemUTC());
            if (bubble.dropUnknownFields()) {
                schema.readNow(timeout);
            }
            // Bubble's limit is the app's: with sync.bubble.rate-limit.shared the reads draw from the budget the relays share
            if (bubble.sharedRateLimit()) {
                Schema.checkSharedRateTable(startup.dataSource());
            }
            SharedBudget shared = bubble.sharedRateLimit() ? new SharedBudget(startup.dataSource(), startup.settings().instanceId(),
                    bubble.rateLimit(), bubble.rateLimitWindow()) : null;
            BubbleReader reader = new BubbleReader(bubble.apiUrl(), bubble.apiKey(), timeout,
                    new BubbleRateLimit(bubble.rateLimit(), startup.settings().lease(), timeout, shared, waited -> { }));
            Reconcile.Outcome o = new Reconcile(startup.dataSource(), bubble, ResyncSettings.from(startup.settings()),
                    new UnknownFields(bubble.dropUnknownFields(), schema::current, Clock.systemUTC()), reader,
                    startup.settings().instanceId(), System.err).run(new Reconcile.Request(name, fix, sample, deleteOrphans && fix));
            if (asJson) {
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o.report().json()));
            } else {
                System.out.println("reconcile " + o.read() + " (run " + o.run() + ")");
                System.out.print(o.report().table());
            }
            long orphans = o.report().count(Finding.Kind.ORPHANS_IN_BUBBLE);
            if (o.fixed() != null) {
                System.err.printf("--fix: %d row(s) enqueued, %d dangling Bubble id(s) cleared, %d Bubble id(s) written back%s%n",
                        o.fixed().enqueued(), o.fixed().cleared(), o.fixed().adopted(),
                        deleteOrphans ? ", " + o.fixed().deletes() + " orphan DELETE(s)" : "; orphans and duplicates left alone");
            } else if (deleteOrphans) {
                System.err.printf("--delete-orphans (dry run): %d orphan(s) would be deleted; add --fix to enqueue their DELETEs%n", orphans);
            }
        }
        return 0;
    }
}
