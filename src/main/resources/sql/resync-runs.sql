-- The dashboard's backfill and reconcile panel: the latest run of each kind per table, with its progress and a
-- reconcile's report; seconds_running and seconds_since_progress let the relay work out a rate, an ETA and a stalled run.
SELECT DISTINCT ON (table_name, kind)
       run_id, kind, table_name, status, instance, started_at, updated_at, finished_at, total, done, enqueued, skipped,
       CAST(report AS text) AS report, message,
       extract(epoch FROM (updated_at - started_at)) AS seconds_running,
       extract(epoch FROM (now() - updated_at))      AS seconds_since_progress
  FROM sync_bulk_run
 ORDER BY table_name, kind, run_id DESC
