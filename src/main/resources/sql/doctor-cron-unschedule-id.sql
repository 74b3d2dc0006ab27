-- doctor --fix: unschedule one pg_cron job that has no name, by id. Parameters (JDBC): jobid.
SELECT cron.unschedule(CAST(? AS bigint)) AS unscheduled
