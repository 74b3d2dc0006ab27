-- One draw from the Bubble budget every relay on this database shares (sync.bubble.rate-limit.shared=true), in ONE
-- statement: up to `chunk` permits of the current window. Windows are `window_ms` long (sync.bubble.rate-limit.window),
-- numbered from the epoch by the database's clock, so every relay counts the same windows. Window n may grant
-- floor((n+1)·budget/m) − floor(n·budget/m) permits: any m consecutive windows grant at most the budget, and m is
-- the number of windows that one minute of calls can touch, plus one for the time a call takes to reach Bubble.
-- INSERT … ON CONFLICT locks the row, so concurrent draws add up exactly; a draw whose window has already been
-- replaced by a later one gets nothing. The relay's own row in sync_rate_relay is refreshed by the same statement.
-- Answers: granted (permits), remaining_ms (until the window ends: then unused permits lapse), budget (of the relay
-- that opened the window), relays (that drew in the last minute, this one included).
-- Parameters (JDBC, in order): window_ms, budget, m, chunk, instance.
WITH p AS (
    SELECT CAST(? AS integer) AS window_ms, CAST(? AS integer) AS budget, CAST(? AS integer) AS m,
           CAST(? AS integer) AS chunk, CAST(? AS text) AS instance,
           extract(epoch FROM clock_timestamp()) * 1000 AS now_ms
), w AS (
    SELECT p.*, CAST(floor(p.now_ms / p.window_ms) AS bigint) AS n FROM p
), seen AS (
    INSERT INTO sync_rate_relay (instance, drew_at)
    SELECT instance, clock_timestamp() FROM p
    ON CONFLICT (instance) DO UPDATE SET drew_at = EXCLUDED.drew_at
)
INSERT INTO sync_rate_window AS r (window_ms, n, budget, cap, drawn, granted)
SELECT window_ms, n, budget, cap, LEAST(chunk, cap), LEAST(chunk, cap)
  FROM (SELECT w.*, CAST((w.n + 1) * w.budget / w.m - w.n * w.budget / w.m AS integer) AS cap FROM w) c
ON CONFLICT (window_ms) DO UPDATE
   SET n       = GREATEST(r.n, EXCLUDED.n),
       budget  = CASE WHEN EXCLUDED.n > r.n THEN EXCLUDED.budget ELSE r.budget END,
       cap     = CASE WHEN EXCLUDED.n > r.n THEN EXCLUDED.cap ELSE r.cap END,
       granted = CASE WHEN EXCLUDED.n > r.n THEN EXCLUDED.granted
                      WHEN EXCLUDED.n = r.n THEN GREATEST(0, LEAST((SELECT chunk FROM p), r.cap - r.drawn))
                      ELSE 0 END,
       drawn   = CASE WHEN EXCLUDED.n > r.n THEN EXCLUDED.drawn
                      WHEN EXCLUDED.n = r.n THEN r.drawn + GREATEST(0, LEAST((SELECT chunk FROM p), r.cap - r.drawn))
                      ELSE r.drawn END
RETURNING r.granted,
          CAST((r.n + 1) * r.window_ms - (SELECT now_ms FROM p) AS bigint) AS remaining_ms,
          r.budget,
          (SELECT count(*) FROM sync_rate_relay s, p
            WHERE s.drew_at > clock_timestamp() - interval '60 seconds' AND s.instance <> p.instance) + 1 AS relays
