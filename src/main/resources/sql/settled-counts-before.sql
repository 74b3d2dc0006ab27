-- The settled history (every state but pending, processing, failed) by state and operation, up to a cut-off
-- (settled-cutoff.sql), rows without processed_at included: index-only over all of sync_queue_history_idx, so it
-- is read rarely (sync.dashboard.recount) and the minutes since are added by settled-counts-since.sql.
-- Parameters (JDBC): cut-off.
SELECT status, operation, count(*) AS rows
  FROM sync_queue
 WHERE status NOT IN ('pending', 'processing', 'failed')
   AND (processed_at < CAST(? AS timestamptz) OR processed_at IS NULL)
 GROUP BY status, operation
