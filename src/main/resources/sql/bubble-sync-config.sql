-- Every sync_config row, whole, as JSON (columns a deployment lacks are simply absent); the table is small.
-- Run only when the table exists (bubble-sync-config-present.sql).
SELECT c.supabase_table, CAST(to_jsonb(c) AS text) AS config
  FROM sync_config c
