-- Rows in flight by relay instance (claimed_by), with the age of each instance's oldest claim.
-- Reads only processing rows (partial index sync_queue_processing_idx).
SELECT COALESCE(claimed_by, '(old chain)')                 AS instance,
       count(*)                                             AS rows,
       extract(epoch FROM now() - min(claimed_at))::float8  AS oldest_claim_seconds
  FROM sync_queue
 WHERE status = 'processing'
 GROUP BY claimed_by
 ORDER BY count(*) DESC, instance
