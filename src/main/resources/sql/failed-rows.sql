-- Failed rows that need a person: no retry scheduled (exhausted, permanent, or left by the old chain), the
-- rows requeue.sql puts back in line; newest attempt first. total = how many match, before the limit.
-- Filters: table_name equal to the first parameter (NULL = any table), error_message containing the second
-- (case-insensitive, plain text, NULL = any).
-- Parameters (JDBC, in order): table_name or NULL, error text or NULL, limit.
SELECT q.id, q.table_name, q.record_id, q.operation, q.failure_kind, q.retry_count, q.max_retries, q.error_message,
       COALESCE(q.claimed_at, q.processed_at, q.created_at) AS last_attempt_at, q.created_at,
       count(*) OVER ()                                      AS total
  FROM sync_queue q
 WHERE q.status = 'failed'
   AND q.next_retry_at IS NULL
   AND q.table_name = COALESCE(CAST(? AS text), q.table_name)
   AND strpos(lower(COALESCE(q.error_message, '')), lower(COALESCE(CAST(? AS text), ''))) > 0
 ORDER BY COALESCE(q.claimed_at, q.processed_at, q.created_at) DESC NULLS LAST, q.id
 LIMIT ?
