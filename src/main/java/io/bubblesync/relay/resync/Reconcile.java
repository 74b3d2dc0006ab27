package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.bubble.BubbleBody;
import io.bubblesync.relay.bubble.BubbleTypes;
import io.bubblesync.relay.bubble.SyncConfig;
import io.bubblesync.relay.bubble.SyncConfigs;
import io.bubblesync.relay.bubble.UnknownFields;
import io.bubblesync.relay.config.BubbleSettings;
import io.bubblesync.relay.db.SqlFile;
import io.bubblesync.relay.ops.BadInput;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * {@code reconcile --table T}: reads the source table (in chunks) and every object of its Bubble type
 * ({@link BubbleReader}, at no more than sync.bubble.rate-limit), sorts them into the report's kinds
 * ({@link Classifier}, comparing what delivery would send now: {@link BubbleBody}, sync_config, the types, the
 * unknown-fields policy), keeps the report (sync_bulk_run) and what it said of each row (sync_bulk_finding), and with
 * {@code --fix} enqueues what puts them back in step ({@link ReconcileFix}). Without --fix it changes nothing else.
 */
public final class Reconcile {
    private static final SqlFile ROWS = SqlFile.load("reconcile-rows.sql");
    static final String KIND = "reconcile";

    public record Request(String table, boolean fix, int sample, boolean deleteOrphans) {
    }

    /** The run, its report, what --fix did (null without it), and one line about what was read. */
    public record Outcome(long run, ReconcileReport report, ReconcileFix.Done fixed, String read) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final DataSource ds;
    private final BubbleSettings bubble;
    private final ResyncSettings settings;
    private final UnknownFields unknownFields;
    private final BubbleReader reader;
    private final String instance;
    private final PrintStream progress;

    public Reconcile(DataSource ds, BubbleSettings bubble, ResyncSettings settings, UnknownFields unknownFields, BubbleReader reader,
                     String instance, PrintStream progress) {
        this.ds = ds;
        this.bubble = bubble;
        this.settings = settings;
        this.unknownFields = unknownFields;
        this.reader = reader;
        this.instance = instance;
        this.progress = progress;
    }

    public Outcome run(Request request) throws Exception {
        ResyncTable table = ResyncTable.resolve(ds, request.table(), bubble.keyColumn(), bubble.idColumn(), "");
        SyncConfig config = new SyncConfigs(ds).of(Set.of(request.table())).getOrDefault(request.table(), SyncConfig.none(request.table()));
        String type = new BubbleTypes(bubble).of(request.table(), config);
        BubbleBody bodies = new BubbleBody(bubble.idColumn(), bubble.sendNulls());
        BulkRuns runs = new BulkRuns(ds);
        try (Connection lock = ds.getConnection()) {
            if (!runs.lock(lock, KIND, request.table())) {
                throw new BadInput("a reconcile of '" + request.table() + "' is running already");
            }
            runs.unfinished(KIND, request.table()).ifPresent(killed -> {
                try {
                    runs.finish(Backfill.num(killed, "run_id"), "failed", null, null, "stopped before it finished");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long run = runs.start(KIND, request.table(), options(request), instance, 0);
            try {
                Instant readFrom = Instant.now();
                Map<String, SourceRow> rows = rows(table, runs, run);
                AtomicLong total = new AtomicLong();
                Progress objectsRead = new Progress(progress, "reconcile " + request.table() + ": Bubble type " + type, "objects", 0);
                List<ObjectNode> objects = reader.all(type, total::set, n -> objectsRead.show(n, total.get(), false));
                objectsRead.show(objects.size(), Math.max(total.get(), objects.size()), true);
                List<Finding> findings = new Classifier(bubble.lookupField(), row -> {
                    ObjectNode body = bodies.of(row.row(), config, true);
                    unknownFields.apply(type, body, bubble.lookupField());
                    return body;
                }).classify(new ArrayList<>(rows.values()), objects);
                ReconcileReport report = new ReconcileReport(findings, request.sample());
                Findings.replace(ds, run, request.table(), findings);
                ReconcileFix.Done fixed = request.fix()
                        ? ReconcileFix.apply(ds, table, run, bubble.idColumn(), findings, request.deleteOrphans(), madeSince(objects, readFrom))
                        : null;
                String read = String.format(java.util.Locale.ROOT, "%s: %,d rows, Bubble type %s: %,d objects, %,d requests",
                        request.table(), rows.size(), type, objects.size(), reader.requests());
                runs.finish(run, "finished", report.json().toString(), fixed == null ? null : fixed.enqueued(), read);
                return new Outcome(run, report, fixed, read);
            } catch (Exception e) {
                runs.finish(run, "failed", null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
                throw e;
            }
        }
    }

    private Map<String, SourceRow> rows(ResyncTable table, BulkRuns runs, long run) throws Exception {
        Map<String, SourceRow> out = new LinkedHashMap<>();
        Progress shown = new Progress(progress, "reconcile " + table.name() + ": source rows", "rows", 0);
        SqlFile chunk = table.statement(ROWS);
        String after = null;
        while (true) {
            List<Map<String, Object>> part = chunk.query(ds, after, settings.chunk());
            for (Map<String, Object> r : part) {
                String key = (String) r.get("record_id");
                out.put(key, new SourceRow(key, (String) r.get("bubble_id"), (ObjectNode) json.readTree((String) r.get("row_json"))));
                after = key;
            }
            shown.show(out.size(), 0, part.size() < settings.chunk());
            if (part.size() < settings.chunk()) {
                runs.progress(run, out.size());
                return out;
            }
        }
    }

    /**
     * Objects Bubble made after the reconcile began reading the table: a live create's object whose id is not written
     * back yet, not an orphan. Bubble's notes (shared/notes/bubble-and-supabase.md §1b) name the built-in field
     * {@code Created Date} but not how it is written, so both readings are taken: an ISO-8601 time (what the emulator
     * sends) or epoch milliseconds; an object whose date reads as neither counts as young and is never deleted.
     */
    static Set<String> madeSince(List<ObjectNode> objects, Instant from) {
        Set<String> young = new HashSet<>();
        for (ObjectNode o : objects) {
            Instant made = created(o.path(BubbleReader.CREATED));
            if (made == null || !made.isBefore(from)) {
                young.add(o.path("_id").asText());
            }
        }
        return young;
    }

    private static Instant created(JsonNode date) {
        if (date.isNumber()) {
            return Instant.ofEpochMilli(date.asLong());
        }
        try {
            return Instant.parse(date.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private String options(Request r) {
        return json.createObjectNode().put("fix", r.fix()).put("sample", r.sample()).put("delete_orphans", r.deleteOrphans()).toString();
    }
}
