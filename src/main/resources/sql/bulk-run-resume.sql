-- A killed run taken up again: who runs it now and how many rows it goes through in all.
-- Parameters (JDBC): instance, total rows, run id.
UPDATE sync_bulk_run SET instance = ?, total = ?, updated_at = now() WHERE run_id = ?
