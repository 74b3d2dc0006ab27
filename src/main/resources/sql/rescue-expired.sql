-- Lease rescue, at the start of every pass: a row left 'processing' longer than sync.lease (its relay
-- died, or lost the database before settling) counts as a failed attempt and becomes due for the retry
-- pass at once, with the same idempotency key. A row out of attempts becomes exhausted.
-- Rows stuck in 'processing' by the old pg_cron chain (no claimed_at) are rescued the same way.
-- Parameters: instance, lease (sync.lease as an ISO-8601 duration, PT5M: the routes get every duration that way).
UPDATE sync_queue q
   SET status        = 'failed',
       retry_count   = COALESCE(q.retry_count, 0) + 1,
       next_retry_at = CASE WHEN COALESCE(q.retry_count, 0) + 1 < COALESCE(q.max_retries, 3) THEN now() END,
       failure_kind  = CASE WHEN COALESCE(q.retry_count, 0) + 1 < COALESCE(q.max_retries, 3) THEN 'transient' ELSE 'exhausted' END,
       error_message = 'lease expired: claimed by ' || COALESCE(q.claimed_by, 'the old pg_cron chain') || ' at '
                       || COALESCE(q.claimed_at::text, 'an unknown time') || ' and never settled',
       error_details = jsonb_build_object('kind', 'lease_expired', 'claimed_by', q.claimed_by, 'claimed_at', q.claimed_at,
                                          'rescued_by', CAST(:#instance AS text), 'attempt', COALESCE(q.retry_count, 0) + 1)
 WHERE q.id IN (
       SELECT c.id
         FROM sync_queue c
        WHERE c.status = 'processing'
          AND COALESCE(c.claimed_at, c.created_at) < now() - CAST(:#lease AS interval)
          FOR UPDATE SKIP LOCKED)
