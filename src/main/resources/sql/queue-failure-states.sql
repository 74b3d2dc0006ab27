-- The oldest pending row's age, and failed rows by what happens next: retryable (a retry is scheduled), exhausted
-- (no attempt left), permanent (the endpoint refused the row). Failed rows needing a person are read index-only
-- (sync_queue_needs_person_idx), those waiting for a retry by sync_queue_due_retry_idx.
-- A missing count is 0 retries of 3, as everywhere (QueueRulesSqlTest).
SELECT extract(epoch FROM now() - (SELECT min(created_at) FROM sync_queue WHERE status = 'pending')) AS oldest_pending_seconds,
       count(*) FILTER (WHERE f.scheduled AND COALESCE(f.retry_count, 0) < COALESCE(f.max_retries, 3)
                          AND f.failure_kind IS DISTINCT FROM 'permanent')                         AS retryable,
       count(*) FILTER (WHERE f.failure_kind IS DISTINCT FROM 'permanent'
                          AND (COALESCE(f.retry_count, 0) >= COALESCE(f.max_retries, 3) OR f.failure_kind = 'exhausted'))     AS exhausted,
       count(*) FILTER (WHERE f.failure_kind = 'permanent')                                         AS permanent
  FROM (SELECT false AS scheduled, retry_count, max_retries, failure_kind
          FROM sync_queue WHERE status = 'failed' AND next_retry_at IS NULL
        UNION ALL
        SELECT true, retry_count, max_retries, failure_kind
          FROM sync_queue WHERE status = 'failed' AND next_retry_at IS NOT NULL) AS f
