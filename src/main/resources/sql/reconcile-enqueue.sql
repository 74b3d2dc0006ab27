-- reconcile --fix enqueues through sync_queue (ordering, leases, retries apply), behind live changes (origin_run):
-- one row per record, skipped when the record has an open row already. A record is enqueued as its row is NOW, not as
-- the reconcile read it minutes before, so a live change made meanwhile is never undone: a row deleted since is left
-- alone; an INSERT goes only while the row still has no Bubble id (a live create may have made its object since), an
-- UPDATE only while it has one. An orphan's DELETE goes only while no row carries the object's id. Runs after
-- reconcile-set-id.sql in the same transaction, so the ids it cleared or wrote are the ones seen here.
-- The idempotency key reconcile:<run>:<table>:<record> keeps a run from enqueueing a record twice.
-- {table}, {key}, {key_type}, {id}: catalogue-quoted names (bubble-source-table.sql).
-- Parameters (JDBC, in order): queue table name, run id, the Bubble id column's name (the DELETE payload's key),
-- record ids (text[]), operations (text[]), object ids (text[]: an orphan's id for a DELETE, else NULL).
WITH args AS (
    SELECT CAST(? AS text) AS queue_table, CAST(? AS bigint) AS run, CAST(? AS text) AS id_name
),
wanted AS (
    SELECT v.record_id, v.operation, v.object_id
      FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS v(record_id, operation, object_id)
),
current_rows AS (
    SELECT w.record_id, w.operation, to_jsonb(s) AS payload
      FROM wanted w
      JOIN {table} s ON s.{key} = CAST(CASE WHEN w.operation <> 'DELETE' THEN w.record_id END AS {key_type})
     WHERE w.operation IN ('INSERT', 'UPDATE')
       AND (NULLIF(CAST(s.{id} AS text), '') IS NULL) = (w.operation = 'INSERT')
    UNION ALL
    SELECT w.record_id, w.operation, jsonb_build_object(a.id_name, w.object_id)
      FROM wanted w, args a
     WHERE w.operation = 'DELETE'
       AND NOT EXISTS (SELECT 1 FROM {table} s WHERE NULLIF(CAST(s.{id} AS text), '') = w.object_id)
)
INSERT INTO sync_queue (table_name, record_id, operation, payload, origin_run, idempotency_key)
SELECT a.queue_table, r.record_id, r.operation, r.payload, a.run,
       'reconcile:' || a.run || ':' || a.queue_table || ':' || r.record_id
  FROM args a, current_rows r
 WHERE NOT EXISTS (
       SELECT 1
         FROM sync_queue o
        WHERE o.table_name = a.queue_table
          AND o.record_id = r.record_id
          AND o.status IN ('pending', 'processing', 'failed')
          AND (o.status <> 'failed' OR (o.next_retry_at IS NOT NULL AND COALESCE(o.retry_count, 0) < COALESCE(o.max_retries, 3)))
       OFFSET 0)  -- a lookup per record, whatever the statistics say (docs/performance.md)
    ON CONFLICT DO NOTHING
RETURNING record_id
