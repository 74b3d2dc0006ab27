-- doctor: what the old pg_cron chain left behind. Rows 'processing' without claimed_at (no relay took them),
-- and failed rows with attempts left but no next_retry_at that no relay failed for good (the old retry job
-- never picked them up). Read through to_jsonb so it also works before the relay's columns exist.
SELECT count(*) FILTER (WHERE q.status = 'processing' AND to_jsonb(q) ->> 'claimed_at' IS NULL)            AS stuck,
       COALESCE(extract(epoch FROM now() - min(q.created_at)
                FILTER (WHERE q.status = 'processing' AND to_jsonb(q) ->> 'claimed_at' IS NULL)), 0)::bigint AS stuck_oldest_s,
       count(*) FILTER (WHERE q.status = 'failed' AND q.next_retry_at IS NULL
                          AND COALESCE(q.retry_count, 0) < COALESCE(q.max_retries, 3)
                          AND to_jsonb(q) ->> 'failure_kind' IS DISTINCT FROM 'permanent')                     AS dead_retries
  FROM sync_queue q
 WHERE q.status IN ('processing', 'failed')
