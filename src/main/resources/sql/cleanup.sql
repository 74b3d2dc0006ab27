-- Cleanup: delete completed and skipped rows older than the first retention, and failed rows with no
-- retry scheduled older than the second, at most a chunk at a time (short locks on a busy table).
-- Parameters (JDBC, in order): completed retention (seconds), failed retention (seconds), chunk size.
DELETE FROM sync_queue
 WHERE id IN (
       SELECT id FROM sync_queue
        WHERE (status IN ('completed', 'skipped')
               AND COALESCE(processed_at, created_at) < now() - make_interval(secs => ?))
           OR (status = 'failed' AND next_retry_at IS NULL
               AND COALESCE(claimed_at, created_at) < now() - make_interval(secs => ?))
        LIMIT ?
          FOR UPDATE SKIP LOCKED)
