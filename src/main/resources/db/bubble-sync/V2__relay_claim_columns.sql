-- What the relay adds to an existing sync_queue: who holds a row, since when, from which state,
-- and whether a failure is final. Nullable columns without defaults: no table rewrite, legacy rows untouched.
ALTER TABLE sync_queue ADD COLUMN IF NOT EXISTS claimed_at   timestamptz;  -- when a relay took the row (lease start)
ALTER TABLE sync_queue ADD COLUMN IF NOT EXISTS claimed_by   text;         -- relay instance that took it
ALTER TABLE sync_queue ADD COLUMN IF NOT EXISTS claimed_from text;         -- status the row had before the claim
ALTER TABLE sync_queue ADD COLUMN IF NOT EXISTS failure_kind text;         -- transient | exhausted | permanent

-- Due pending rows, oldest first: the processor's claim walks this index only.
CREATE INDEX IF NOT EXISTS sync_queue_due_pending_idx
    ON sync_queue (created_at, id) WHERE status = 'pending';

-- Failed rows that wait for their backoff: the retry claim walks this index only.
CREATE INDEX IF NOT EXISTS sync_queue_due_retry_idx
    ON sync_queue (next_retry_at) WHERE status = 'failed' AND next_retry_at IS NOT NULL;

-- Open rows per record: the per-record ordering check looks here.
CREATE INDEX IF NOT EXISTS sync_queue_open_record_idx
    ON sync_queue (table_name, record_id, created_at)
    WHERE status IN ('pending', 'processing', 'failed');

-- Rows in flight, by lease start: lease rescue and shutdown hand-back look here.
CREATE INDEX IF NOT EXISTS sync_queue_processing_idx
    ON sync_queue (claimed_at) WHERE status = 'processing';
