-- The sync_config rows of the given tables, whole, as JSON (columns a deployment lacks are simply absent).
-- Run only when the table exists (bubble-sync-config-present.sql). Parameters (JDBC): table names (text[]).
SELECT c.supabase_table, CAST(to_jsonb(c) AS text) AS config
  FROM sync_config c
 WHERE c.supabase_table = ANY (CAST(? AS text[]))
