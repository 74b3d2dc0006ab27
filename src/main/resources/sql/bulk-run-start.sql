-- A new backfill or reconcile run. Parameters (JDBC): kind, table name, options (JSON text), instance, total rows.
INSERT INTO sync_bulk_run (kind, table_name, options, instance, status, total)
VALUES (?, ?, CAST(? AS jsonb), ?, 'running', ?)
RETURNING run_id
