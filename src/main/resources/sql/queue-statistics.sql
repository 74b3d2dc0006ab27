-- What PostgreSQL's statistics say sync_queue's open rows are (pending, processing, failed: the rows of V2's
-- sync_queue_open_record_idx), as VACUUM or ANALYZE last recorded them: the figure the planner sizes the claims' and
-- readings' index scans by. A catalogue read, no table access. -1: never recorded.
SELECT COALESCE(max(c.reltuples), -1) AS believed_open_rows
  FROM pg_class c
 WHERE c.oid = to_regclass('sync_queue_open_record_idx')
