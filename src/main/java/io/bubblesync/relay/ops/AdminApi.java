package io.bubblesync.relay.ops;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.db.QueueMaintenance;
import io.bubblesync.relay.db.QueueStatus;
import io.bubblesync.relay.db.RelayControl;
import io.bubblesync.relay.db.RunHistory;
import io.bubblesync.relay.ops.doctor.Doctor;
import io.bubblesync.relay.routes.ExchangeKeys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * The /admin endpoints (routes/admin.camel.yaml) on the management port: pause, resume, run-now, requeue,
 * cleanup, status, runs. They answer JSON. With sync.admin.token set every call needs
 * {@code Authorization: Bearer <token>}; without it the server is bound to loopback (start-up checks).
 * Parameters are checked before the database is touched (HTTP 400, one line); a call that needs the
 * database answers 503 with one line when the database is away or does not answer within a second
 * ({@link DatabaseWait}). status and runs are {@link SharedReadings}; a change made here marks them stale.
 */
public class AdminApi {
    private final RelaySettings settings;
    private final DataSource ds;
    private final RelayControl control;
    private final QueueMaintenance maintenance;
    private final RunHistory history;
    private final DatabaseWait database;
    private final AdminAccess access;
    private final SharedReadings shared;

    public AdminApi(RelaySettings settings, DataSource ds, RelayControl control, QueueWatch queue, SharedReadings shared) {
        this.settings = settings;
        this.ds = ds;
        this.control = control;
        this.shared = shared;
        this.database = new DatabaseWait(queue);
        this.access = new AdminAccess(settings.adminToken(), database);
        this.maintenance = new QueueMaintenance(ds);
        this.history = new RunHistory(ds);
    }

    public void pause(Exchange exchange) throws Exception {
        if (allowed(exchange) && params(exchange, Set.of()) != null) {
            withDatabase(exchange, 200, () -> {
                control.set(true, "admin api");
                shared.changed();
                return control.state();
            });
        }
    }

    public void resume(Exchange exchange) throws Exception {
        if (allowed(exchange) && params(exchange, Set.of()) != null) {
            withDatabase(exchange, 200, () -> {
                control.set(false, "admin api");
                shared.changed();
                return control.state();
            });
        }
    }

    /** Starts a processor pass now, without waiting for the cron (returns at once). */
    public void runNow(Exchange exchange) throws Exception {
        if (allowed(exchange) && params(exchange, Set.of()) != null) {
            exchange.getContext().createFluentProducerTemplate().to("direct:pass")
                    .withProcessor(ex -> ex.setProperty(ExchangeKeys.JOB, "processor")).asyncSend();
            answer(exchange, 202, Map.of("triggered", "processor"));
        }
    }

    public void requeue(Exchange exchange) throws Exception {
        Map<String, String> q = allowed(exchange) ? params(exchange, Set.of("id", "table", "all", "match", "dryRun")) : null;
        if (q == null) {
            return;
        }
        try {
            String id = q.containsKey("id") ? OperatorInput.rowId("id", q.get("id")) : null;
            String table = q.containsKey("table") ? OperatorInput.table("table", q.get("table")) : null;
            boolean all = q.containsKey("all") && OperatorInput.flag("all", q.get("all"));
            if ((id != null ? 1 : 0) + (table != null ? 1 : 0) + (all ? 1 : 0) != 1) {
                throw new BadInput("say which rows, exactly one of: id=<row id>, table=<table_name>, all=true");
            }
            String match = q.get("match");
            if (match != null && match.isBlank()) {
                throw new BadInput("match is empty: give a piece of the error message, e.g. match=HTTP%20503");
            }
            boolean dryRun = OperatorInput.flag("dryRun", q.get("dryRun"));
            withDatabase(exchange, 200, () -> {
                if (table != null && !maintenance.knownTable(table)) {
                    throw new BadInput("table '" + OperatorInput.shown(table) + "' has no rows in sync_queue");
                }
                var rows = maintenance.requeue(new QueueMaintenance.Selection(id, table, all, match), dryRun);
                shared.changed();
                return Map.of("dry_run", dryRun, "rows", rows.size(), "requeued", rows);
            });
        } catch (BadInput e) {
            answer(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    /** Deletes old rows (completedDays, failedDays default to the settings); dryRun=true says what it would delete. */
    public void cleanup(Exchange exchange) throws Exception {
        Map<String, String> q = allowed(exchange) ? params(exchange, Set.of("completedDays", "failedDays", "dryRun")) : null;
        if (q == null) {
            return;
        }
        try {
            Duration completed = q.containsKey("completedDays")
                    ? Duration.ofDays(OperatorInput.days("completedDays", OperatorInput.number("completedDays", q.get("completedDays"))))
                    : settings.cleanupCompletedRetention();
            Duration failed = q.containsKey("failedDays")
                    ? Duration.ofDays(OperatorInput.days("failedDays", OperatorInput.number("failedDays", q.get("failedDays"))))
                    : settings.cleanupFailedRetention();
            boolean dryRun = OperatorInput.flag("dryRun", q.get("dryRun"));
            withDatabase(exchange, 200, () -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("dry_run", dryRun);
                body.put("completed_older_than_days", completed.toDays());
                body.put("failed_older_than_days", failed.toDays());
                if (dryRun) {
                    body.put("would_delete", maintenance.cleanupPreview(completed, failed));
                } else {
                    body.put("deleted", maintenance.cleanup(completed, failed));
                    shared.settled().recountSoon();
                    shared.changed();
                }
                return body;
            });
        } catch (BadInput e) {
            answer(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    public void status(Exchange exchange) throws Exception {
        if (allowed(exchange) && params(exchange, Set.of()) != null) {
            access.answer(exchange, shared, in -> new AdminAccess.View("status", () -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("control", control.state());
                body.put("queue", QueueStatus.read(ds, shared.settled()));
                return body;
            }, r -> r));
        }
    }

    public void runs(Exchange exchange) throws Exception {
        Map<String, String> q = allowed(exchange) ? params(exchange, Set.of("limit")) : null;
        if (q == null) {
            return;
        }
        try {
            Integer given = OperatorInput.number("limit", q.get("limit"));
            int limit = given == null ? 20 : OperatorInput.runs("limit", given);
            access.answer(exchange, shared, in -> new AdminAccess.View("runs\u0000" + limit, () -> history.recent(limit), r -> r));
        } catch (BadInput e) {
            answer(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    /** Runs the call's database work (see {@link DatabaseWait}) and answers with what came of it. */
    private void withDatabase(Exchange exchange, int status, Callable<Object> work) throws Exception {
        withDatabase(exchange, status, work, DatabaseWait.WAIT_MS);
    }

    private void withDatabase(Exchange exchange, int status, Callable<Object> work, long waitMs) throws Exception {
        DatabaseWait.Reply reply = database.run(work, waitMs);
        answer(exchange, reply.status() == 200 ? status : reply.status(), reply.body());
    }

    /** The query parameters, each at most once and each among the known ones; null after answering 400. */
    private Map<String, String> params(Exchange exchange, Set<String> known) throws Exception {
        try {
            return QueryParams.parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class), known);
        } catch (BadInput e) {
            answer(exchange, 400, Map.of("error", e.getMessage()));
            return null;
        }
    }

    /**
     * GET /admin/doctor (routes/admin.camel.yaml): the doctor's checks, read-only (no --fix over HTTP). The database
     * must answer within a second like for every admin call; the checks then also ask the target, so they are
     * waited for up to sync.http.timeout more.
     */
    public void doctor(Exchange exchange) throws Exception {
        if (!allowed(exchange)) {
            return;
        }
        Doctor doctor = new Doctor(settings, ds);
        DatabaseWait.Reply reachable = database.run(() -> doctor.databaseVersion());
        if (reachable.status() != 200) {
            answer(exchange, reachable.status(), reachable.body());
            return;
        }
        withDatabase(exchange, 200, () -> doctor.examine(false).asMap(), DatabaseWait.WAIT_MS + settings.httpTimeout().toMillis());
    }

    private boolean allowed(Exchange exchange) throws Exception {
        return access.admit(exchange);
    }

    private void answer(Exchange exchange, int status, Object body) throws Exception {
        access.write(exchange, status, body);
    }
}
