-- doctor --fix: unschedule one pg_cron job by name. Parameters (JDBC): jobname.
SELECT cron.unschedule(CAST(? AS text)) AS unscheduled
