-- How far a reconcile got. Parameters (JDBC): rows and objects read so far, run id.
UPDATE sync_bulk_run SET done = ?, updated_at = now() WHERE run_id = ?
