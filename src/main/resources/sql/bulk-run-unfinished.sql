-- The latest run of a kind on a table that never finished (its process was killed): a backfill resumes it.
-- Parameters (JDBC): kind, table name.
SELECT run_id, options::text AS options, done, enqueued, skipped, last_key, instance, started_at
  FROM sync_bulk_run
 WHERE kind = ? AND table_name = ? AND status = 'running'
 ORDER BY run_id DESC
 LIMIT 1
