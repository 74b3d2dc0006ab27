-- The Bubble ids the source rows hold, by Supabase key. {table}, {key}, {key_type}, {id}: catalogue-quoted names
-- from bubble-source-table.sql. Parameters (JDBC): the keys (text[]).
SELECT CAST(s.{key} AS text) AS record_key, s.{id} AS bubble_id
  FROM {table} s
 WHERE s.{key} = ANY (CAST(? AS {key_type}[]))
