-- A week of an origin-like app's settled history: N rows spread evenly over the last 7 days (2 million = about 3.3
-- changes a second), over five tables and 200,000 records, every 50th row failed for good (half exhausted, half
-- permanent) with a one-line error message, the rest completed two seconds after they were queued.
-- Parameters (JDBC, in order): rows, rows.
INSERT INTO sync_queue (table_name, record_id, operation, payload, status, error_message, retry_count, max_retries,
                        created_at, processed_at, claimed_at, claimed_by, failure_kind, bubble_response, idempotency_key)
SELECT (ARRAY['orders', 'users', 'listings', 'payments', 'messages'])[1 + (g / 7) % 5],
       'r-' || (g % 200000),
       (ARRAY['INSERT', 'UPDATE', 'UPDATE', 'DELETE'])[1 + g % 4],
       jsonb_build_object('id', g, 'email', 'user' || g || '@example.com', 'name', 'User number ' || g, 'plan', 'pro',
                          'address', jsonb_build_object('street', g || ' Main Street', 'city', 'Springfield',
                                                        'zip', lpad((g % 99999)::text, 5, '0'))),
       CASE WHEN g % 50 = 0 THEN 'failed' ELSE 'completed' END,
       CASE WHEN g % 50 = 0 THEN 'HTTP 400 from bubble_sync: field ' || (ARRAY['email', 'price', 'owner'])[1 + g % 3]
                                 || ' is not valid for record r-' || (g % 200000) END,
       CASE WHEN g % 50 = 0 THEN 3 ELSE 0 END,
       3,
       at.t, at.t + interval '2 seconds', at.t + interval '1 second', 'relay-history',
       CASE WHEN g % 100 = 0 THEN 'permanent' WHEN g % 50 = 0 THEN 'exhausted' END,
       CASE WHEN g % 50 = 0 THEN NULL ELSE '{"status":"success"}'::jsonb END,
       'history-' || g
  FROM generate_series(1, CAST(? AS int)) AS g,
       LATERAL (SELECT now() - interval '7 days' + g * (interval '7 days' / CAST(? AS int))) AS at(t)
