-- What a backfill would do (the dry run, and the total its progress line counts towards): the source rows it goes
-- through after a key, how many would become an INSERT (no Bubble id) or an UPDATE, and how many it would skip
-- because their record already has an open sync_queue row. {table}, {key}, {key_type}, {id}: catalogue-quoted names
-- (bubble-source-table.sql); {changed}: the catalogue-quoted changed column (resync-changed-column.sql) or a NULL.
-- Parameters (JDBC, in order): after key (text, NULL = from the start), missing only, since (NULL = any time), queue table name.
WITH args AS (
    SELECT CAST(? AS text) AS after, CAST(? AS boolean) AS missing_only, CAST(? AS timestamptz) AS since,
           CAST(? AS text) AS queue_table
),
wanted AS (
    SELECT CAST(s.{key} AS text) AS record_id, NULLIF(CAST(s.{id} AS text), '') AS bubble_id
      FROM {table} s, args a
     WHERE (a.after IS NULL OR s.{key} > CAST(a.after AS {key_type}))
       AND (NOT a.missing_only OR NULLIF(CAST(s.{id} AS text), '') IS NULL)
       AND (a.since IS NULL OR {changed} >= a.since)
)
SELECT count(*)                                   AS total,
       count(*) FILTER (WHERE w.bubble_id IS NULL) AS inserts,
       count(*) FILTER (WHERE w.bubble_id IS NOT NULL) AS updates,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1
             FROM sync_queue o, args a
            WHERE o.table_name = a.queue_table
              AND o.record_id = w.record_id
              AND o.status IN ('pending', 'processing', 'failed')
              AND (o.status <> 'failed' OR (o.next_retry_at IS NOT NULL AND COALESCE(o.retry_count, 0) < COALESCE(o.max_retries, 3)))
           OFFSET 0)) AS open  -- a lookup per record, whatever the statistics say (docs/performance.md)
  FROM wanted w
