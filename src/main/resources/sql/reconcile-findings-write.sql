-- What a reconcile said of its rows, many at once. Parameters (JDBC, in order): run id, table name, record ids (text[]),
-- kinds (text[]), Bubble ids (text[]), details (text[]).
INSERT INTO sync_bulk_finding (run_id, table_name, record_id, kind, bubble_id, detail)
SELECT CAST(? AS bigint), CAST(? AS text), v.record_id, v.kind, v.bubble_id, v.detail
  FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS v(record_id, kind, bubble_id, detail)
