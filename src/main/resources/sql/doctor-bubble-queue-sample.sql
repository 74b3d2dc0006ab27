-- doctor (sync.target=bubble): every table_name in sync_queue with up to 20 of its latest INSERT/UPDATE payloads
-- (a table with none, only DELETEs say, still appears once, payload NULL), and whether it has SIGNUP_ATOMIC rows.
-- Reads the whole queue once; run with a statement timeout. Parameters: none.
SELECT table_name, payload
  FROM (SELECT table_name,
               CASE WHEN operation IN ('INSERT', 'UPDATE') THEN CAST(payload AS text) END AS payload,
               row_number() OVER (PARTITION BY table_name
                                  ORDER BY (operation IN ('INSERT', 'UPDATE') AND payload IS NOT NULL) DESC, created_at DESC) AS n
          FROM sync_queue) s
 WHERE n <= 20
