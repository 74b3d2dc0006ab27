package io.bubblesync.app;

import io.bubblesync.relay.config.ConfigurationError;
import io.bubblesync.relay.ops.doctor.Doctor;
import io.bubblesync.relay.ops.doctor.DoctorReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Checks a deployment before (and after) the relay takes over; --fix unschedules the pg_cron jobs calling bubble_sync. */
@Command(name = "doctor", description = "Check the database, the schema, what is left of the pg_cron chain, the secrets and the target.")
class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean asJson;

    @Option(names = "--fix", description = "unschedule the pg_cron jobs that call bubble_sync (printing each), nothing else")
    boolean fix;

    @Option(names = "--relays", description = "relays that will share the database, for the connections check (default: ${DEFAULT-VALUE}, as deploy/kubernetes runs)")
    int relays = Doctor.DEFAULT_RELAYS;

    @Override
    public Integer call() throws Exception {
        DoctorReport report;
        try (Startup startup = Startup.open(parent.config, Startup.Needs.DATABASE)) {
            report = new Doctor(startup.settings(), startup.dataSource(), Math.max(1, relays)).examine(fix);
        } catch (ConfigurationError e) {
            report = new DoctorReport();
            report.fail("database", e.getMessage(), "set SYNC_DB_URL (and SYNC_DB_USER, SYNC_DB_PASSWORD) to the database that holds sync_queue");
        }
        System.out.print(asJson ? report.json() + "\n" : report.text());
        return report.healthy() ? 0 : 1;
    }
}
