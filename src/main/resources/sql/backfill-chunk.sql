-- One chunk of a backfill, in ONE statement: the next source rows after a key (in key order), an INSERT (no Bubble
-- id) or UPDATE for each whose record has no open sync_queue row, marked with the run (origin_run: claimed after
-- live changes), and the run's progress with the chunk's last key. Enqueued rows and progress commit together, so a
-- backfill killed at any point resumes after the last key it recorded and never enqueues a row twice (the
-- idempotency key backfill:<run>:<table>:<record> and ON CONFLICT make sure of it too; a record that has a pending row
-- by now is skipped the same way). {table}, {key}, {key_type}, {id}, {changed}: as in backfill-count.sql.
-- Parameters (JDBC, in order): after key (text, NULL = from the start), chunk size, missing only, since, queue table name, run id.
WITH args AS (
    SELECT CAST(? AS text) AS after, CAST(? AS integer) AS chunk, CAST(? AS boolean) AS missing_only,
           CAST(? AS timestamptz) AS since, CAST(? AS text) AS queue_table, CAST(? AS bigint) AS run
),
chunk AS (
    SELECT CAST(s.{key} AS text) AS record_id, NULLIF(CAST(s.{id} AS text), '') AS bubble_id, to_jsonb(s) AS payload,
           s.{key} AS k
      FROM {table} s, args a
     WHERE (a.after IS NULL OR s.{key} > CAST(a.after AS {key_type}))
       AND (NOT a.missing_only OR NULLIF(CAST(s.{id} AS text), '') IS NULL)
       AND (a.since IS NULL OR {changed} >= a.since)
     ORDER BY s.{key}
     LIMIT (SELECT chunk FROM args)
),
fresh AS (
    SELECT c.*
      FROM chunk c, args a
     WHERE NOT EXISTS (
           SELECT 1
             FROM sync_queue o
            WHERE o.table_name = a.queue_table
              AND o.record_id = c.record_id
              AND o.status IN ('pending', 'processing', 'failed')
              AND (o.status <> 'failed' OR (o.next_retry_at IS NOT NULL AND COALESCE(o.retry_count, 0) < COALESCE(o.max_retries, 3)))
           OFFSET 0)  -- a lookup per record, whatever the statistics say (docs/performance.md)
),
enqueued AS (
    INSERT INTO sync_queue (table_name, record_id, operation, payload, origin_run, idempotency_key)
    SELECT a.queue_table, f.record_id, CASE WHEN f.bubble_id IS NULL THEN 'INSERT' ELSE 'UPDATE' END, f.payload, a.run,
           'backfill:' || a.run || ':' || a.queue_table || ':' || f.record_id
      FROM fresh f, args a
     ORDER BY f.k
        ON CONFLICT DO NOTHING
    RETURNING record_id
),
progress AS (
    UPDATE sync_bulk_run r
       SET done       = r.done + (SELECT count(*) FROM chunk),
           enqueued   = r.enqueued + (SELECT count(*) FROM enqueued),
           skipped    = r.skipped + (SELECT count(*) FROM chunk) - (SELECT count(*) FROM enqueued),
           last_key   = COALESCE((SELECT c.record_id FROM chunk c ORDER BY c.k DESC LIMIT 1), r.last_key),
           updated_at = now()
      FROM args a
     WHERE r.run_id = a.run
    RETURNING r.done, r.enqueued, r.skipped, r.last_key
)
SELECT (SELECT count(*) FROM chunk) AS read_rows, p.done, p.enqueued, p.skipped, p.last_key
  FROM progress p
