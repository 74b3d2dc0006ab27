-- How many failed rows needing a person (see failed-rows.sql) an error-text filter keeps: reads each one's
-- error_message, so the dashboard asks it again only when failed-summary.sql's fingerprint has changed.
-- Parameters (JDBC, in order): table_name or NULL (twice), error text.
SELECT count(*) AS total
  FROM sync_queue q
 WHERE q.status = 'failed'
   AND q.next_retry_at IS NULL
   AND (CAST(? AS text) IS NULL OR q.table_name = CAST(? AS text))
   AND strpos(lower(COALESCE(q.error_message, '')), lower(CAST(? AS text))) > 0
