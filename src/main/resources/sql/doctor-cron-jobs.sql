-- doctor: pg_cron jobs that still drive bubble_sync (the origin's two jobs by name, or any job whose command
-- calls the function); run only when cron.job exists.
SELECT jobid, jobname, schedule, command, active
  FROM cron.job
 WHERE jobname IN ('bubble-sync-processor', 'bubble-sync-retry')
    OR command ILIKE '%bubble_sync%'
 ORDER BY jobid
