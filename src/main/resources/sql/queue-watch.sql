-- Queue depth by state and the age of the oldest due row, for metrics and the backlog health check, read every
-- sync.health.sample-interval. Each figure walks one partial index (V2's for the open rows, V7's for the failed rows
-- that need a person), index-only where it can: the cost follows the open rows, never the settled history.
SELECT (SELECT count(*) FROM sync_queue WHERE status = 'pending')                                AS pending,
       (SELECT count(*) FROM sync_queue WHERE status = 'processing')                             AS processing,
       (SELECT count(*) FROM sync_queue WHERE status = 'failed' AND next_retry_at IS NOT NULL)   AS retrying,
       n.exhausted,
       n.permanent,
       COALESCE(extract(epoch FROM now() - LEAST(
                   (SELECT min(created_at) FROM sync_queue WHERE status = 'pending'),
                   (SELECT min(next_retry_at) FROM sync_queue
                     WHERE status = 'failed' AND next_retry_at IS NOT NULL AND next_retry_at <= now()))), 0)
                                                                                                 AS oldest_due_seconds
  FROM (SELECT count(*) FILTER (WHERE failure_kind IS DISTINCT FROM 'permanent') AS exhausted,
               count(*) FILTER (WHERE failure_kind = 'permanent')                AS permanent
          FROM sync_queue
         WHERE status = 'failed' AND next_retry_at IS NULL) AS n
