-- Failed rows needing a person (see failed-rows.sql) by table: how many, and a fingerprint of which rows they are
-- (the sum of a hash of their ids: it changes when a row joins or leaves), index-only on sync_queue_needs_person_idx.
SELECT table_name, count(*) AS rows, sum(hashtext(CAST(id AS text))) AS fingerprint
  FROM sync_queue
 WHERE status = 'failed' AND next_retry_at IS NULL
 GROUP BY table_name
 ORDER BY table_name
