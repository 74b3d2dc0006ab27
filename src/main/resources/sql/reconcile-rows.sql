-- A reconcile reads its source table in chunks, in key order: each row's key, Bubble id and the row as JSON (what a
-- trigger's payload holds). {table}, {key}, {key_type}, {id}: catalogue-quoted names from bubble-source-table.sql.
-- Parameters (JDBC, in order): after key (text, NULL = from the start), chunk size.
WITH args AS (
    SELECT CAST(? AS text) AS after, CAST(? AS integer) AS chunk
)
SELECT CAST(s.{key} AS text) AS record_id, NULLIF(CAST(s.{id} AS text), '') AS bubble_id, CAST(to_jsonb(s) AS text) AS row_json
  FROM {table} s, args a
 WHERE a.after IS NULL OR s.{key} > CAST(a.after AS {key_type})
 ORDER BY s.{key}
 LIMIT (SELECT chunk FROM args)
