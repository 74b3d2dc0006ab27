-- Open rows by state and operation (the settled history is counted apart: settled-counts*.sql). Each part walks one
-- partial index: pending and processing rows (V2), failed rows waiting for a retry (V2), failed rows needing a
-- person (V7, index-only), so the cost follows the open rows whatever the history.
SELECT status, operation, sum(n) AS rows
  FROM (SELECT status, operation, count(*) AS n FROM sync_queue WHERE status = 'pending' GROUP BY status, operation
        UNION ALL
        SELECT status, operation, count(*) FROM sync_queue WHERE status = 'processing' GROUP BY status, operation
        UNION ALL
        SELECT 'failed', operation, count(*) FROM sync_queue WHERE status = 'failed' AND next_retry_at IS NOT NULL GROUP BY operation
        UNION ALL
        SELECT 'failed', operation, count(*) FROM sync_queue WHERE status = 'failed' AND next_retry_at IS NULL GROUP BY operation) AS open
 GROUP BY status, operation
 ORDER BY status, operation
