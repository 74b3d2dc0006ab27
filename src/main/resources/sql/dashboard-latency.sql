-- Enqueue -> settled latency (created_at to processed_at) of rows completed or skipped in the last N
-- minutes: how many, median and 95th percentile in seconds (NULL when there are none). Index-only on the last
-- minutes of sync_queue_history_idx.
-- Parameters (JDBC): minutes.
SELECT count(*)                                                                          AS rows,
       percentile_cont(0.5)  WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - created_at)) AS p50_seconds,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - created_at)) AS p95_seconds
  FROM sync_queue
 WHERE status IN ('completed', 'skipped')
   AND created_at IS NOT NULL
   AND processed_at >= now() - make_interval(mins => CAST(? AS int))
