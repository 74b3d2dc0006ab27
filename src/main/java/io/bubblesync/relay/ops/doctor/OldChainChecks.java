package io.bubblesync.relay.ops.doctor;

import io.bubblesync.relay.db.SqlFile;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * doctor: what the pg_cron + pg_net chain still does or left behind. Its jobs (two drivers would compete;
 * {@code --fix} unschedules them and nothing else), rows it left 'processing', failed rows it never retried.
 */
final class OldChainChecks {
    private static final SqlFile JOBS = SqlFile.load("doctor-cron-jobs.sql");
    private static final SqlFile UNSCHEDULE = SqlFile.load("doctor-cron-unschedule.sql");
    private static final SqlFile UNSCHEDULE_ID = SqlFile.load("doctor-cron-unschedule-id.sql");
    private static final SqlFile LEFTOVERS = SqlFile.load("doctor-old-chain.sql");

    private final DataSource ds;
    private final Duration lease;

    OldChainChecks(DataSource ds, Duration lease) {
        this.ds = ds;
        this.lease = lease;
    }

    void cronJobs(DoctorReport report, boolean cronPresent) throws SQLException {
        if (!cronPresent) {
            report.ok("pg_cron", "no cron.job table: nothing else drives bubble_sync");
            return;
        }
        List<Map<String, Object>> jobs = JOBS.query(ds);
        if (jobs.isEmpty()) {
            report.ok("pg_cron", "no job calls bubble_sync");
        }
        for (Map<String, Object> job : jobs) {
            report.warn("pg_cron", "job " + name(job) + " (" + job.get("schedule") + (Boolean.FALSE.equals(job.get("active")) ? ", inactive" : "")
                    + ") still calls bubble_sync: it and the relay would compete for the same rows",
                    "doctor --fix (runs " + unscheduleSql(job) + ")");
        }
    }

    /** --fix: unschedules exactly the jobs {@link #cronJobs} warns about, recording each in the report. */
    void unschedule(DoctorReport report, boolean cronPresent) throws SQLException {
        if (!cronPresent) {
            return;
        }
        for (Map<String, Object> job : JOBS.query(ds)) {
            if (job.get("jobname") != null) {
                UNSCHEDULE.query(ds, job.get("jobname"));
            } else {
                UNSCHEDULE_ID.query(ds, ((Number) job.get("jobid")).longValue());
            }
            report.fixed("unscheduled pg_cron job " + name(job) + " (" + job.get("schedule") + "): " + unscheduleSql(job));
        }
    }

    void leftovers(DoctorReport report, boolean queuePresent) throws SQLException {
        if (!queuePresent) {
            return;
        }
        Map<String, Object> found = LEFTOVERS.query(ds).get(0);
        long stuck = ((Number) found.get("stuck")).longValue();
        long dead = ((Number) found.get("dead_retries")).longValue();
        if (stuck == 0) {
            report.ok("rows left processing", "none");
        } else {
            report.warn("rows left processing", stuck + " rows 'processing' that no relay claimed (oldest "
                            + ((Number) found.get("stuck_oldest_s")).longValue() + " s old): the relay rescues each as a due retry "
                            + "(one attempt counted, same idempotency key) once older than sync.lease (" + lease.toSeconds() + " s)",
                    "stop the pg_cron jobs first (doctor --fix), then start the relay: nothing else to do");
        }
        if (dead == 0) {
            report.ok("failed rows never retried", "none");
        } else {
            report.warn("failed rows never retried", dead + " failed rows with attempts left and no next_retry_at: "
                            + "the old retry job never picked them up and the relay's retry pass will not either",
                    "java -jar bubble-sync.jar requeue --all --dry-run lists them (with any exhausted or permanent rows --all also takes), "
                            + "then requeue --all, or --table T / --id ID");
        }
    }

    private static String name(Map<String, Object> job) {
        return job.get("jobname") != null ? "'" + job.get("jobname") + "'" : "#" + job.get("jobid");
    }

    private static String unscheduleSql(Map<String, Object> job) {
        return job.get("jobname") != null ? "select cron.unschedule('" + job.get("jobname") + "')"
                : "select cron.unschedule(" + job.get("jobid") + ")";
    }
}
