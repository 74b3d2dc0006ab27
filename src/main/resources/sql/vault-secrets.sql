-- Supabase Vault: the decrypted value of each named secret (the newest when a name repeats), read over the
-- relay's own connection at start-up. The values are secrets: never logged, never stored elsewhere.
-- Parameters (JDBC): names (text[]).
SELECT DISTINCT ON (name) name, decrypted_secret
  FROM vault.decrypted_secrets
 WHERE name = ANY (?)
 ORDER BY name, updated_at DESC NULLS LAST, created_at DESC NULLS LAST
