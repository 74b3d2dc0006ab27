-- Queue depth by state and the age of the oldest due row, for metrics and the backlog health check.
-- Reads only open rows (the partial indexes keep it cheap whatever the completed history).
SELECT count(*) FILTER (WHERE status = 'pending')                                         AS pending,
       count(*) FILTER (WHERE status = 'processing')                                      AS processing,
       count(*) FILTER (WHERE status = 'failed' AND next_retry_at IS NOT NULL)            AS retrying,
       count(*) FILTER (WHERE status = 'failed' AND next_retry_at IS NULL
                          AND failure_kind IS DISTINCT FROM 'permanent')                  AS exhausted,
       count(*) FILTER (WHERE status = 'failed' AND failure_kind = 'permanent')           AS permanent,
       COALESCE(extract(epoch FROM now() - min(CASE WHEN status = 'pending' THEN created_at
                                                     WHEN status = 'failed' AND next_retry_at <= now() THEN next_retry_at END)), 0)
                                                                                          AS oldest_due_seconds
  FROM sync_queue
 WHERE status IN ('pending', 'processing', 'failed')
