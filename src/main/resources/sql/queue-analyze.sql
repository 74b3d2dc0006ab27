-- Refresh PostgreSQL's statistics of sync_queue (a sample of rows; writers go on: ANALYZE takes no lock that stops them),
-- after queue-analyze-lock.sql in the same transaction. As a role that does not own the table PostgreSQL only warns and
-- skips it; QueueStatistics sees the figures unchanged and says what to do instead.
ANALYZE sync_queue
