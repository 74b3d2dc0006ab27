-- Rows settled per minute over the last N minutes by outcome, one row per minute (zeros included), oldest
-- first. completed / skipped count at processed_at; failed counts rows whose latest attempt failed, at
-- that attempt's claim (a failed attempt that was later retried successfully counts as completed).
-- Completed history has no index on processed_at: this scans sync_queue (the dashboard reads it every 15 s).
-- Parameters (JDBC, in order): minutes, minutes, minutes.
WITH settled AS (
    SELECT date_trunc('minute', processed_at) AS minute, status AS outcome
      FROM sync_queue
     WHERE status IN ('completed', 'skipped')
       AND processed_at >= date_trunc('minute', now()) - make_interval(mins => CAST(? AS int) - 1)
    UNION ALL
    SELECT date_trunc('minute', claimed_at), 'failed'
      FROM sync_queue
     WHERE status = 'failed'
       AND claimed_at >= date_trunc('minute', now()) - make_interval(mins => CAST(? AS int) - 1)
)
SELECT m.minute,
       count(s.outcome) FILTER (WHERE s.outcome = 'completed') AS completed,
       count(s.outcome) FILTER (WHERE s.outcome = 'failed')    AS failed,
       count(s.outcome) FILTER (WHERE s.outcome = 'skipped')   AS skipped
  FROM generate_series(date_trunc('minute', now()) - make_interval(mins => CAST(? AS int) - 1),
                       date_trunc('minute', now()), interval '1 minute') AS m(minute)
  LEFT JOIN settled s ON s.minute = m.minute
 GROUP BY m.minute
 ORDER BY m.minute
