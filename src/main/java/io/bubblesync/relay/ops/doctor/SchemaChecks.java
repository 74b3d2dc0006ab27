package io.bubblesync.relay.ops.doctor;

import io.bubblesync.relay.db.Schema;
import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** doctor: sync_queue as the relay needs it (columns, CHECKs, the pending-unique index), its migrations, sync_config. */
final class SchemaChecks {
    private static final SqlFile COLUMNS = SqlFile.load("doctor-queue-columns.sql");
    private static final SqlFile CONSTRAINTS = SqlFile.load("doctor-queue-constraints.sql");
    private static final SqlFile SYNC_CONFIG = SqlFile.load("doctor-sync-config.sql");
    /** The origin's columns the relay reads or writes, with the type it relies on (null: any). */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();
    /** Every status the relay writes: a CHECK on status must allow them all. */
    private static final List<String> STATUSES = List.of("pending", "processing", "completed", "failed", "skipped");
    private static final String MIGRATE = "java -jar bubble-sync.jar migrate";

    static {
        EXPECTED.put("id", "uuid");
        for (String c : List.of("table_name", "record_id", "operation", "status", "error_message", "idempotency_key")) {
            EXPECTED.put(c, null);
        }
        EXPECTED.put("payload", "jsonb");
        EXPECTED.put("error_details", "jsonb");
        EXPECTED.put("bubble_response", "jsonb");
        for (String c : List.of("retry_count", "max_retries", "created_at", "processed_at", "next_retry_at")) {
            EXPECTED.put(c, null);
        }
    }

    private final DataSource ds;
    private final boolean migrateOnStart;

    SchemaChecks(DataSource ds, boolean migrateOnStart) {
        this.ds = ds;
        this.migrateOnStart = migrateOnStart;
    }

    void queue(DoctorReport report, boolean present) throws SQLException {
        if (!present) {
            notYet(report, "sync_queue", "the table does not exist", MIGRATE + " creates it as deployments have it");
            return;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        COLUMNS.query(ds).forEach(r -> columns.put(String.valueOf(r.get("column_name")), String.valueOf(r.get("data_type"))));
        List<String> problems = new ArrayList<>();
        EXPECTED.forEach((column, type) -> {
            if (!columns.containsKey(column)) {
                problems.add("no column " + column);
            } else if (type != null && !type.equals(columns.get(column))) {
                problems.add(column + " is " + columns.get(column) + ", not " + type);
            }
        });
        List<Map<String, Object>> constraints = CONSTRAINTS.query(ds);
        int checks = 0;
        String fix = "give sync_queue the origin's columns and types (src/main/resources/db/bubble-sync/V1__sync_queue.sql)";
        for (Map<String, Object> c : constraints) {
            String definition = String.valueOf(c.get("definition"));
            if ("check".equals(c.get("kind")) && definition.contains("status")) {
                checks++;
                List<String> forbidden = STATUSES.stream().filter(s -> !definition.contains("'" + s + "'")).toList();
                forbidden.forEach(s -> problems.add("CHECK " + c.get("name") + " forbids status '" + s + "'"));
                if (!forbidden.isEmpty()) {
                    fix = "ALTER TABLE sync_queue DROP CONSTRAINT " + c.get("name") + ", ADD CONSTRAINT " + c.get("name")
                            + " CHECK (status IN ('" + String.join("', '", STATUSES) + "'))";
                }
            }
        }
        if (problems.isEmpty()) {
            report.ok("sync_queue", columns.size() + " columns, the " + EXPECTED.size() + " the relay uses as expected"
                    + (checks > 0 ? "; " + checks + " CHECK on status allows every status the relay writes" : ""));
        } else {
            report.fail("sync_queue", String.join("; ", problems), fix);
        }
        List<Object> unique = constraints.stream().filter(c -> "pending_unique".equals(c.get("kind"))).map(c -> c.get("name")).toList();
        if (unique.isEmpty()) {
            report.warn("pending-unique index", "none: two pending rows of one record can exist, which the origin's triggers rule out",
                    "CREATE UNIQUE INDEX sync_queue_pending_record_uidx ON sync_queue (table_name, record_id) WHERE status = 'pending'");
        } else {
            report.ok("pending-unique index", String.valueOf(unique.get(0)));
        }
    }

    void migrations(DoctorReport report) {
        List<String> applied = Schema.applied(ds);
        List<String> pending = Schema.pending(ds);
        if (pending.isEmpty()) {
            report.ok("relay migrations", "all applied (" + String.join(", ", applied) + ")");
        } else {
            notYet(report, "relay migrations", pending.size() + " pending (" + String.join(", ", pending) + ")"
                    + (applied.isEmpty() ? "" : ", applied " + String.join(", ", applied)), MIGRATE);
        }
    }

    void syncConfig(DoctorReport report, boolean present) throws SQLException {
        if (!present) {
            report.ok("sync_config", "none (optional)");
            return;
        }
        Map<String, Object> counts = SYNC_CONFIG.query(ds).get(0);
        List<String> fks = CONSTRAINTS.query(ds).stream().filter(c -> "config_fk".equals(c.get("kind")))
                .map(c -> c.get("name") + " " + c.get("definition")).toList();
        report.ok("sync_config", counts.get("tables") + " tables, " + counts.get("enabled") + " enabled; "
                + (fks.isEmpty() ? "no foreign key from sync_queue" : "sync_queue has " + fks.get(0)));
    }

    /** Something migrate adds: a warning when start-up will do it, a failure when migration on start is off. */
    private void notYet(DoctorReport report, String check, String detail, String fix) {
        if (migrateOnStart) {
            report.warn(check, detail + "; start-up applies it (sync.schema.migrate-on-start=true)", fix);
        } else {
            report.fail(check, detail + " and sync.schema.migrate-on-start=false", fix);
        }
    }
}
