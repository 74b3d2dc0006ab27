-- Retry claim: take failed rows whose backoff has passed, that have attempts left and did not
-- fail permanently, in ONE statement. Same per-record ordering rule as the
-- processor claim: a row waits while an older change of the same record is still open.
-- Live rows go first (origin_run IS NULL), each kind by due time: the sync_queue_due_retry_live_idx order
-- (migration V8), so failed backfill and reconcile rows never hold up the retry of a live change.
-- Rows of an operation bubble_sync does not know are claimed too, to fail permanently as bad rows.
-- Rows of the tables in held (comma separated; sync.target=bubble: types Bubble refuses) are left alone.
-- Parameters: instance, operations (comma separated), knownOperations (the operations bubble_sync knows, comma separated:
-- RowCheck.KNOWN_OPERATIONS), held tables (comma separated, may be empty), limit.
WITH claimed AS (
    UPDATE sync_queue q
       SET status       = 'processing',
           claimed_at   = now(),
           claimed_by   = :#instance,
           claimed_from = q.status
     WHERE q.id IN (
           SELECT c.id
             FROM sync_queue c
            WHERE c.status = 'failed'
              AND c.next_retry_at <= now()
              AND COALESCE(c.retry_count, 0) < COALESCE(c.max_retries, 3)
              AND c.failure_kind IS DISTINCT FROM 'permanent'
              AND (c.operation = ANY (string_to_array(:#operations, ','))
                   OR c.operation <> ALL (string_to_array(:#knownOperations, ',')))
              AND c.table_name <> ALL (string_to_array(:#held, ','))
              AND NOT EXISTS (
                  SELECT 1
                    FROM sync_queue o
                   WHERE o.table_name = c.table_name
                     AND o.record_id = c.record_id
                     AND o.status IN ('pending', 'processing', 'failed')
                     AND (o.created_at, o.id) < (c.created_at, c.id)
                     AND (o.status <> 'failed' OR (o.next_retry_at IS NOT NULL AND COALESCE(o.retry_count, 0) < COALESCE(o.max_retries, 3)))
                  OFFSET 0)  -- a lookup per candidate, whatever the statistics say (docs/performance.md)
            ORDER BY (c.origin_run IS NOT NULL), c.next_retry_at, c.created_at, c.id
            LIMIT CAST(:#limit AS integer)
              FOR UPDATE SKIP LOCKED)
    RETURNING q.id, q.table_name, q.record_id, q.operation, q.payload::text AS payload,
              q.idempotency_key, q.retry_count, q.max_retries, q.created_at, q.claimed_at::text AS claimed_at,
              q.claimed_from
)
SELECT * FROM claimed ORDER BY created_at, id
