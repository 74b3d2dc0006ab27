-- Indexes that keep the dashboard, the admin views and the background queue reading off the settled history:
-- with 2 million settled rows (2 % of them failed) each reading walks a few thousand index entries instead of the
-- table (issue 21: "the dashboard at production scale"). The concurrently placeholder is CONCURRENTLY (Schema.flyway), so an existing
-- deployment keeps inserting and delivering while they are built, and Flyway runs this file outside a transaction
-- (PostgreSQL refuses CREATE INDEX CONCURRENTLY inside one), which is why it holds nothing else; through a transaction
-- pooler it is empty and the indexes are built in the migration's transaction (see Schema.flyway). An interrupted
-- concurrent build leaves an INVALID index: drop it (DROP INDEX CONCURRENTLY <name>) and migrate again.

-- Settled history (completed, skipped and any state the relay does not set) by settle time: throughput and latency
-- read the last minutes of it, the settled counts read it whole once in a while; all without visiting the table
-- (index-only: status, operation and created_at come along).
CREATE INDEX ${concurrently} IF NOT EXISTS sync_queue_history_idx
    ON sync_queue (processed_at) INCLUDE (status, operation, created_at)
    WHERE status NOT IN ('pending', 'processing', 'failed');

-- Failed rows that need a person (no retry scheduled: exhausted, permanent, left by the old chain), newest attempt
-- first: the dashboard's list reads its first page in order, the counts by table / kind / state read it alone.
CREATE INDEX ${concurrently} IF NOT EXISTS sync_queue_needs_person_idx
    ON sync_queue ((COALESCE(claimed_at, processed_at, created_at)) DESC NULLS LAST, id)
    INCLUDE (table_name, operation, failure_kind, retry_count, max_retries)
    WHERE status = 'failed' AND next_retry_at IS NULL;
