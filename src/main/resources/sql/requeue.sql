-- Requeue: put failed rows that have no retry scheduled (exhausted, permanent, or left by the old
-- chain) back in line for the retry pass: retry state reset, due now. The previous error is kept in
-- error_details.previous so the history is not lost.
-- Parameters (JDBC, in order): id (uuid or NULL), table_name (or NULL), all rows (boolean), and error text
-- (or NULL): only rows whose error_message contains it (case-insensitive, plain text).
UPDATE sync_queue q
   SET retry_count   = 0,
       next_retry_at = now(),
       failure_kind  = 'transient',
       error_details = jsonb_build_object('requeued_at', now(), 'previous_message', q.error_message,
                                          'previous_retry_count', q.retry_count, 'previous', q.error_details),
       error_message = 'requeued by an operator; last error: ' || COALESCE(q.error_message, 'none')
 WHERE q.status = 'failed'
   AND q.next_retry_at IS NULL
   AND (q.id = CAST(? AS uuid) OR q.table_name = ? OR ?)
   AND strpos(lower(COALESCE(q.error_message, '')), lower(COALESCE(CAST(? AS text), ''))) > 0
RETURNING q.id, q.table_name, q.record_id, q.operation, q.failure_kind, q.error_message
