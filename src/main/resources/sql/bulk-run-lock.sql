-- One backfill or reconcile per table at a time, across hosts: a session advisory lock held by the command's own
-- connection for as long as it runs (released when it ends or dies). Parameters (JDBC): kind, table name.
SELECT pg_try_advisory_lock(hashtext('bubble-sync ' || ? || ' ' || ?)) AS locked
