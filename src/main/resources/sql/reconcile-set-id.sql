-- reconcile --fix on the source rows: a dangling Bubble id cleared (NULL), or the id of the one object that carries
-- the row's lookup value written back (as a create's write-back would have). Only rows whose id is still the one the
-- reconcile read are changed. {table}, {key}, {key_type}, {id}: catalogue-quoted names.
-- Parameters (JDBC, in order): keys (text[]), ids read (text[]), new ids (text[], NULL entries clear).
UPDATE {table} s
   SET {id} = v.new_id
  FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS v(record_key, old_id, new_id)
 WHERE s.{key} = CAST(v.record_key AS {key_type})
   AND NULLIF(CAST(s.{id} AS text), '') IS NOT DISTINCT FROM v.old_id
