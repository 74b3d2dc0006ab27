-- Failed rows that need a person: no retry scheduled (exhausted, permanent, or left by the old chain), the
-- rows requeue.sql puts back in line; newest attempt first, read in the order of sync_queue_needs_person_idx (V7),
-- so the first page costs a page whatever the number of failed rows (how many match: failed-summary.sql,
-- failed-match-count.sql).
-- Filters: table_name equal to the first parameter (NULL = any table), error_message containing the second
-- (case-insensitive, plain text, NULL = any).
-- Parameters (JDBC, in order): table_name or NULL (twice), error text or NULL (twice), limit.
SELECT q.id, q.table_name, q.record_id, q.operation, q.failure_kind, q.retry_count, q.max_retries, q.error_message,
       COALESCE(q.claimed_at, q.processed_at, q.created_at) AS last_attempt_at, q.created_at
  FROM sync_queue q
 WHERE q.status = 'failed'
   AND q.next_retry_at IS NULL
   AND (CAST(? AS text) IS NULL OR q.table_name = CAST(? AS text))
   AND (CAST(? AS text) IS NULL OR strpos(lower(COALESCE(q.error_message, '')), lower(CAST(? AS text))) > 0)
 ORDER BY COALESCE(q.claimed_at, q.processed_at, q.created_at) DESC NULLS LAST, q.id
 LIMIT ?
