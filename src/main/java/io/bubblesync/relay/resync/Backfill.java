package io.bubblesync.relay.resync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bubblesync.relay.db.SqlFile;
import io.bubblesync.relay.ops.BadInput;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code backfill --table T}: enqueues an INSERT (no Bubble id) or UPDATE for every row of T, or only those without a
 * Bubble id ({@code missingOnly}), or changed since a time, in chunks of {@code sync.backfill.chunk} rows in key order
 * (backfill-chunk.sql: one statement per chunk, rows and progress together), skipping records that have an open row.
 * Rows carry the run (origin_run), so claims take live changes first. A killed backfill is resumed by the next one
 * with the same options, after the last key it recorded; a dry run counts and enqueues nothing.
 */
public final class Backfill {
    private static final SqlFile COUNT = SqlFile.load("backfill-count.sql");
    private static final SqlFile CHUNK = SqlFile.load("backfill-chunk.sql");
    static final String KIND = "backfill";

    /** What the command was asked. */
    public record Request(String table, boolean missingOnly, OffsetDateTime since, boolean dryRun, boolean restart) {
    }

    /** What it did (or would do, for a dry run: run 0). */
    public record Result(long run, boolean resumed, long done, long enqueued, long skipped) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final DataSource ds;
    private final BulkRuns runs;
    private final ResyncSettings settings;
    private final String instance;
    private final PrintStream out;

    public Backfill(DataSource ds, ResyncSettings settings, String instance, PrintStream out) {
        this.ds = ds;
        this.runs = new BulkRuns(ds);
        this.settings = settings;
        this.instance = instance;
        this.out = out;
    }

    public Result run(Request request) throws SQLException, InterruptedException {
        ResyncTable table = ResyncTable.resolve(ds, request.table(), settings.keyColumn(), settings.idColumn(), settings.changedColumn());
        if (request.since() != null && !table.hasChangedColumn()) {
            throw new BadInput("--since needs a column saying when a row changed: table '" + request.table() + "' has no column '"
                    + settings.changedColumn() + "' (sync.backfill.changed-column)");
        }
        String options = options(request);
        try (Connection lock = ds.getConnection()) {
            if (!runs.lock(lock, KIND, request.table())) {
                throw new BadInput("a backfill of '" + request.table() + "' is running already (see sync_bulk_run / the dashboard)");
            }
            Optional<Map<String, Object>> killed = runs.unfinished(KIND, request.table());
            if (request.dryRun()) {
                Map<String, Object> c = count(table, request, null);
                out.printf("backfill %s (dry run, nothing enqueued): %s row(s), %s INSERT and %s UPDATE; %s of them have an open row and would be skipped%n",
                        request.table(), c.get("total"), c.get("inserts"), c.get("updates"), c.get("open"));
                return new Result(0, false, num(c, "total"), 0, num(c, "open"));
            }
            long run;
            boolean resumed = false;
            long done = 0;
            String after = null;
            if (killed.isPresent() && !request.restart()) {
                Map<String, Object> k = killed.get();
                if (!sameOptions(options, (String) k.get("options"))) {
                    throw new BadInput("backfill run " + k.get("run_id") + " of '" + request.table() + "' was stopped before it finished, with "
                            + k.get("options") + ": run it again with those options to resume it, or add --restart to start over");
                }
                run = num(k, "run_id");
                done = num(k, "done");
                after = (String) k.get("last_key");
                resumed = true;
                runs.resume(run, instance, done + num(count(table, request, after), "total"));
                out.printf("backfill %s: resuming run %d (stopped after %,d rows) after key %s%n", request.table(), run, done, after);
            } else {
                if (killed.isPresent()) {
                    runs.finish(num(killed.get(), "run_id"), "failed", null, null, "abandoned: a new backfill was started with --restart");
                }
                run = runs.start(KIND, request.table(), options, instance, num(count(table, request, null), "total"));
            }
            return chunks(table, request, run, resumed, after, done);
        }
    }

    private Result chunks(ResyncTable table, Request request, long run, boolean resumed, String after, long doneBefore)
            throws SQLException, InterruptedException {
        long total = doneBefore + num(count(table, request, after), "total");
        Progress progress = new Progress(out, "backfill " + request.table(), "rows", doneBefore);
        SqlFile chunk = table.statement(CHUNK);
        Map<String, Object> last = Map.of("done", doneBefore, "enqueued", 0L, "skipped", 0L);
        try {
            while (true) {
                Map<String, Object> r = chunk.query(ds, after, settings.chunk(), request.missingOnly(), request.since(), request.table(), run).get(0);
                last = r;
                after = (String) r.get("last_key");
                progress.show(num(r, "done"), total, false);
                if (num(r, "read_rows") < settings.chunk()) {
                    break;
                }
                if (!settings.pause().isZero()) {
                    Thread.sleep(settings.pause().toMillis());
                }
            }
        } catch (SQLException | RuntimeException | InterruptedException e) {
            runs.finish(run, "failed", null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
        long done = num(last, "done");
        progress.show(done, Math.max(total, done), true);
        runs.finish(run, "finished", null, null, null);
        out.printf("backfill %s: done, run %d: %,d row(s) enqueued, %,d skipped (their record had an open row)%n",
                request.table(), run, num(last, "enqueued"), num(last, "skipped"));
        return new Result(run, resumed, done, num(last, "enqueued"), num(last, "skipped"));
    }

    private Map<String, Object> count(ResyncTable table, Request request, String after) throws SQLException {
        return table.statement(COUNT).query(ds, after, request.missingOnly(), request.since(), request.table()).get(0);
    }

    private String options(Request request) {
        ObjectNode o = json.createObjectNode();
        o.put("missing_only", request.missingOnly());
        o.put("since", request.since() == null ? null : request.since().toString());
        return o.toString();
    }

    private boolean sameOptions(String a, String b) {
        try {
            return json.readTree(a).equals(json.readTree(b));
        } catch (Exception e) {
            return false;
        }
    }

    static long num(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v instanceof Number n ? n.longValue() : 0L;
    }
}
