-- A run ends: finished or failed, with a reconcile's report (JSON text, may be NULL), what --fix enqueued and a message.
-- Parameters (JDBC): status, report, enqueued (NULL = unchanged), message, run id.
UPDATE sync_bulk_run
   SET status = ?, report = COALESCE(CAST(? AS jsonb), report), enqueued = COALESCE(CAST(? AS bigint), enqueued),
       message = ?, finished_at = now(), updated_at = now()
 WHERE run_id = ?
