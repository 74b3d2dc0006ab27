-- Rows ever deleted from sync_queue (PostgreSQL's cumulative statistics, up to a second or so behind): when it moves,
-- rows may have left the counted history (a cleanup of another relay, an operator's DELETE), so it is counted again.
SELECT COALESCE((SELECT n_tup_del FROM pg_stat_user_tables WHERE relid = to_regclass('sync_queue')), 0) AS deleted
