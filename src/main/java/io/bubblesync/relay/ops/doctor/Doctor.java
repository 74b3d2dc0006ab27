package io.bubblesync.relay.ops.doctor;

import io.bubblesync.relay.config.RelaySettings;
import io.bubblesync.relay.config.ShownJdbcUrl;
import io.bubblesync.relay.config.Target;
import io.bubblesync.relay.db.Database;
import io.bubblesync.relay.db.SqlFile;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code doctor} and {@code GET /admin/doctor}: is this deployment ready for the relay, and what is still left
 * of the pg_cron chain? Database and version, sync_queue and the relay's migrations, sync_config, pg_cron jobs
 * calling bubble_sync, rows the old chain left, the path to the database and the connections relays need, secrets and the target, and (sync.target=bubble) Bubble's Swagger file
 * against the tables the relay will write. With {@code fix}, the pg_cron jobs
 * calling bubble_sync are unscheduled first (and nothing else is changed).
 */
public final class Doctor {
    private static final SqlFile CATALOGUE = SqlFile.load("doctor-catalogue.sql");

    /** Relays the connection check counts on by default: deploy/kubernetes runs 2 replicas. */
    public static final int DEFAULT_RELAYS = 2;

    private final RelaySettings settings;
    private final DataSource ds;
    private final int relays;

    public Doctor(RelaySettings settings, DataSource ds) {
        this(settings, ds, DEFAULT_RELAYS);
    }

    /** With the number of relays that will share the database (doctor --relays). */
    public Doctor(RelaySettings settings, DataSource ds, int relays) {
        this.settings = settings;
        this.ds = ds;
        this.relays = relays;
    }

    /** The database's version (its catalogue query): whether it answers at all. */
    public Object databaseVersion() throws Exception {
        return CATALOGUE.query(ds).get(0).get("version");
    }

    public DoctorReport examine(boolean fix) {
        DoctorReport report = new DoctorReport();
        Map<String, Object> catalogue;
        try {
            catalogue = CATALOGUE.query(ds).get(0);
        } catch (Exception e) {
            report.fail("database", "cannot query " + ShownJdbcUrl.of(settings.dbUrl()) + ": " + Database.rootMessage(e),
                    "check SYNC_DB_URL, SYNC_DB_USER and SYNC_DB_PASSWORD");
            return report;
        }
        report.ok("database", "PostgreSQL " + catalogue.get("version") + " at " + ShownJdbcUrl.of(settings.dbUrl()) + " as " + catalogue.get("db_user"));
        boolean queue = Boolean.TRUE.equals(catalogue.get("sync_queue"));
        boolean cron = Boolean.TRUE.equals(catalogue.get("cron_job"));
        OldChainChecks oldChain = new OldChainChecks(ds, settings.lease());
        SchemaChecks schema = new SchemaChecks(ds, settings.migrateOnStart());
        step(report, "pg_cron", () -> {
            if (fix) {
                oldChain.unschedule(report, cron);
            }
        });
        step(report, "connections", () -> new ConnectionChecks(settings, ds, relays).run(report));
        step(report, "sync_queue", () -> schema.queue(report, queue));
        step(report, "relay migrations", () -> schema.migrations(report));
        step(report, "sync_config", () -> schema.syncConfig(report, Boolean.TRUE.equals(catalogue.get("sync_config"))));
        step(report, "pg_cron", () -> oldChain.cronJobs(report, cron));
        step(report, "old chain", () -> oldChain.leftovers(report, queue));
        step(report, "secrets", () -> new TargetChecks(settings, ds).run(report, Boolean.TRUE.equals(catalogue.get("vault"))));
        if (settings.target() == Target.BUBBLE) {
            step(report, "bubble schema", () -> new BubbleSchemaChecks(settings, ds).run(report));
        }
        return report;
    }

    private interface Step {
        void run() throws Exception;
    }

    /** One check that could not be made is a failure line of its own; the others still run. */
    private void step(DoctorReport report, String check, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            report.fail(check, "could not check: " + settings.token().scrub(Database.rootMessage(e)), "see the database log; re-run doctor");
        }
    }
}
