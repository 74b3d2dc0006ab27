-- Cleanup --dry-run: how many rows cleanup.sql would delete, by kind, changing nothing.
-- Parameters (JDBC, in order): completed retention (seconds), failed retention (seconds).
SELECT count(*) FILTER (WHERE status IN ('completed', 'skipped')
                          AND COALESCE(processed_at, created_at) < now() - make_interval(secs => ?)) AS completed,
       count(*) FILTER (WHERE status = 'failed' AND next_retry_at IS NULL
                          AND COALESCE(claimed_at, created_at) < now() - make_interval(secs => ?))  AS failed
  FROM sync_queue
 WHERE status IN ('completed', 'skipped', 'failed')
