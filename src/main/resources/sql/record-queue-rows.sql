-- "Where is record X?": every sync_queue row of one record, oldest first, with its attempts, error, the Bubble id its
-- answer carried and the backfill/reconcile run that enqueued it (NULL: a live change).
-- Parameters (JDBC, in order): table name, record id.
SELECT CAST(id AS text) AS id, operation, status, retry_count, max_retries, failure_kind, error_message,
       created_at, processed_at, next_retry_at, claimed_by, origin_run, bubble_response ->> 'id' AS bubble_id
  FROM sync_queue
 WHERE table_name = ? AND record_id = ?
 ORDER BY created_at, id
 LIMIT 200
