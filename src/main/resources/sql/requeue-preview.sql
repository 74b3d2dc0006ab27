-- Requeue --dry-run: the rows requeue.sql would put back in line, changing nothing.
-- Parameters (JDBC, in order): id (uuid or NULL), table_name (or NULL), all rows (boolean), and error text
-- (or NULL): only rows whose error_message contains it (case-insensitive, plain text).
SELECT q.id, q.table_name, q.record_id, q.operation, q.failure_kind, q.error_message
  FROM sync_queue q
 WHERE q.status = 'failed'
   AND q.next_retry_at IS NULL
   AND (q.id = CAST(? AS uuid) OR q.table_name = ? OR ?)
   AND strpos(lower(COALESCE(q.error_message, '')), lower(COALESCE(CAST(? AS text), ''))) > 0
 ORDER BY q.created_at
