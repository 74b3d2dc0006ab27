-- Rows settled per minute over the last N minutes by outcome, one row per minute (zeros included), oldest
-- first. completed / skipped count at processed_at; failed counts rows whose latest attempt failed, at
-- that attempt's claim (a failed attempt that was later retried successfully counts as completed).
-- Reads the last minutes of sync_queue_history_idx (index-only) and the failed rows by their indexes (V7, V2),
-- never the whole history.
-- Parameters (JDBC, in order): minutes, five times.
WITH settled AS (
    SELECT date_trunc('minute', processed_at) AS minute, status AS outcome, count(*) AS n
      FROM sync_queue
     WHERE status IN ('completed', 'skipped')
       AND processed_at >= date_trunc('minute', now()) - make_interval(mins => CAST(? AS int) - 1)
     GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('minute', claimed_at), 'failed', count(*)
      FROM sync_queue
     WHERE status = 'failed' AND next_retry_at IS NULL
       AND COALESCE(claimed_at, processed_at, created_at) >= date_trunc('minute', now()) - make_interval(mins => CAST(? AS int) - 1)
       AND claimed_at >= date_trunc('minute', now()) - make_interval(mins => CAST(? AS int) - 1)
     GROUP BY 1
    UNION ALL
    SELECT date_trunc('minute', claimed_at), 'failed', count(*)
      FROM sync_queue
     WHERE status = 'failed' AND next_retry_at IS NOT NULL
       AND claimed_at >= date_trunc('minute', now()) - make_interval(mins => CAST(? AS int) - 1)
     GROUP BY 1
)
SELECT m.minute,
       COALESCE(sum(s.n) FILTER (WHERE s.outcome = 'completed'), 0)::bigint AS completed,
       COALESCE(sum(s.n) FILTER (WHERE s.outcome = 'failed'), 0)::bigint    AS failed,
       COALESCE(sum(s.n) FILTER (WHERE s.outcome = 'skipped'), 0)::bigint   AS skipped
  FROM generate_series(date_trunc('minute', now()) - make_interval(mins => CAST(? AS int) - 1),
                       date_trunc('minute', now()), interval '1 minute') AS m(minute)
  LEFT JOIN settled s ON s.minute = m.minute
 GROUP BY m.minute
 ORDER BY m.minute
