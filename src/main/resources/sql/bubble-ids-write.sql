-- Writes the Bubble ids of created things back into their source rows. {table}, {key}, {key_type}, {id}:
-- catalogue-quoted names from bubble-source-table.sql. Parameters (JDBC, in order): keys (text[]), Bubble ids (text[]).
UPDATE {table} s
   SET {id} = v.bubble_id
  FROM (SELECT unnest(CAST(? AS text[])) AS record_key, unnest(CAST(? AS text[])) AS bubble_id) v
 WHERE s.{key} = CAST(v.record_key AS {key_type})
