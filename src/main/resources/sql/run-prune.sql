-- Deletes runs older than the retention. Parameters: retention in seconds.
DELETE FROM sync_run WHERE started_at < now() - make_interval(secs => ?)
