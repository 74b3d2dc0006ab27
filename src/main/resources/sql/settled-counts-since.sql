-- Rows settled since a cut-off (settled-cutoff.sql), by state and operation: the last minutes of
-- sync_queue_history_idx, index-only.
-- Parameters (JDBC): cut-off.
SELECT status, operation, count(*) AS rows
  FROM sync_queue
 WHERE status NOT IN ('pending', 'processing', 'failed')
   AND processed_at >= CAST(? AS timestamptz)
 GROUP BY status, operation
