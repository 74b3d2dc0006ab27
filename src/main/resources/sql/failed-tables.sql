-- Tables that have failed rows needing a person (see failed-rows.sql), with how many each.
SELECT table_name, count(*) AS rows
  FROM sync_queue
 WHERE status = 'failed' AND next_retry_at IS NULL
 GROUP BY table_name
 ORDER BY table_name
