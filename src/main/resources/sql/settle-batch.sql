-- Settle delivered rows in ONE statement: the batches delivered about the same time, gathered by the
-- SettleWriter (up to sync.settle.max-rows rows). The settlements parameter is a JSON array with one element per row:
-- {id, claimed_at, outcome: completed|skipped|transient|permanent, response, error_message,
--  error_details, delay_ms}. Only rows still held by this claim are touched (fencing by
-- claimed_by + claimed_at), so a row whose lease expired and was taken by another relay is left alone.
-- A row never goes back to pending: the pending-unique index of existing deployments forbids it.
-- Parameters (JDBC, in order): settlements, instance.
UPDATE sync_queue q
   SET status          = CASE s.outcome WHEN 'completed' THEN 'completed' WHEN 'skipped' THEN 'skipped' ELSE 'failed' END,
       processed_at    = CASE WHEN s.outcome IN ('completed', 'skipped') THEN now() ELSE q.processed_at END,
       bubble_response = CASE WHEN s.outcome IN ('completed', 'skipped') THEN s.response ELSE q.bubble_response END,
       error_message   = CASE WHEN s.outcome IN ('completed', 'skipped') THEN NULL ELSE s.error_message END,
       error_details   = CASE WHEN s.outcome IN ('completed', 'skipped') THEN NULL ELSE s.error_details END,
       retry_count     = CASE WHEN s.outcome IN ('transient', 'permanent') THEN COALESCE(q.retry_count, 0) + 1
                              ELSE q.retry_count END,
       next_retry_at   = CASE WHEN s.outcome = 'transient' AND COALESCE(q.retry_count, 0) + 1 < COALESCE(q.max_retries, 3)
                              THEN now() + s.delay_ms * interval '1 millisecond' END,
       failure_kind    = CASE WHEN s.outcome = 'permanent' THEN 'permanent'
                              WHEN s.outcome = 'transient' AND COALESCE(q.retry_count, 0) + 1 < COALESCE(q.max_retries, 3) THEN 'transient'
                              WHEN s.outcome = 'transient' THEN 'exhausted' END
  FROM jsonb_to_recordset(CAST(? AS jsonb))
       AS s(id uuid, claimed_at timestamptz, outcome text, response jsonb, error_message text,
            error_details jsonb, delay_ms bigint)
 WHERE q.id = s.id
   AND q.status = 'processing'
   AND q.claimed_by = ?
   AND q.claimed_at = s.claimed_at
