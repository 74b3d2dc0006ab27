-- The most recent runs, newest first. Parameters: limit.
SELECT run_id, job, instance, started_at, ended_at, status, claimed, completed, failed, skipped, message
  FROM sync_run
 ORDER BY started_at DESC, run_id DESC
 LIMIT ?
