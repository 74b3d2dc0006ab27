-- reconcile --fix enqueues through sync_queue (ordering, leases, retries apply), behind live changes (origin_run):
-- one row per record, skipped when the record has an open row already. The idempotency key
-- reconcile:<run>:<table>:<record> keeps a run from enqueueing a record twice.
-- Parameters (JDBC, in order): queue table name, run id, record ids (text[]), operations (text[]), payloads (JSON text[]).
WITH args AS (
    SELECT CAST(? AS text) AS queue_table, CAST(? AS bigint) AS run
)
INSERT INTO sync_queue (table_name, record_id, operation, payload, origin_run, idempotency_key)
SELECT a.queue_table, v.record_id, v.operation, CAST(v.payload AS jsonb), a.run,
       'reconcile:' || a.run || ':' || a.queue_table || ':' || v.record_id
  FROM args a, unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS v(record_id, operation, payload)
 WHERE NOT EXISTS (
       SELECT 1
         FROM sync_queue o
        WHERE o.table_name = a.queue_table
          AND o.record_id = v.record_id
          AND o.status IN ('pending', 'processing', 'failed')
          AND (o.status <> 'failed' OR (o.next_retry_at IS NOT NULL AND COALESCE(o.retry_count, 0) < COALESCE(o.max_retries, 3)))
       OFFSET 0)  -- a lookup per record, whatever the statistics say (docs/performance.md)
    ON CONFLICT DO NOTHING
RETURNING record_id
