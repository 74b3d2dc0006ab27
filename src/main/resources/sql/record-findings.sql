-- What the last reconcile of the table said of one record (a row may be drift and duplicates_in_bubble at once).
-- Parameters (JDBC, in order): table name, record id.
SELECT f.kind, f.bubble_id, f.detail, f.run_id, r.finished_at
  FROM sync_bulk_finding f
  JOIN sync_bulk_run r ON r.run_id = f.run_id
 WHERE f.table_name = ? AND f.record_id = ?
 ORDER BY f.run_id DESC, f.kind
