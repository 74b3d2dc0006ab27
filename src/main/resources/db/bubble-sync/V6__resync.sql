-- Backfill and reconcile (issue 20): rows they enqueue are marked with the run that enqueued them, so claims take
-- live changes first; the runs themselves (progress of a backfill, the last reconcile report) are kept per table.
-- Nullable column without a default: no table rewrite, existing rows (and every trigger-made row) stay NULL = live.
ALTER TABLE sync_queue ADD COLUMN IF NOT EXISTS origin_run bigint;  -- sync_bulk_run that enqueued the row; NULL = a live change

-- Due pending rows, live ones first and then oldest first: the processor's claim walks this index only.
CREATE INDEX IF NOT EXISTS sync_queue_due_pending_live_idx
    ON sync_queue ((origin_run IS NOT NULL), created_at, id) WHERE status = 'pending';

-- A live change folded into a pending backfill row (a trigger's INSERT … ON CONFLICT (table_name, record_id)
-- WHERE status = 'pending' DO UPDATE, which the unique pending index exists for) makes that row live again:
-- it then goes out as fast as any live change. The relay's own updates (claims, settles) change neither column.
CREATE OR REPLACE FUNCTION sync_queue_live_again() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.origin_run := NULL;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS sync_queue_live_again ON sync_queue;
CREATE TRIGGER sync_queue_live_again
    BEFORE UPDATE OF payload, operation ON sync_queue
    FOR EACH ROW
    WHEN (OLD.origin_run IS NOT NULL AND NEW.origin_run IS NOT DISTINCT FROM OLD.origin_run AND NEW.status = 'pending'
          AND (NEW.payload IS DISTINCT FROM OLD.payload OR NEW.operation IS DISTINCT FROM OLD.operation))
    EXECUTE FUNCTION sync_queue_live_again();

-- One row per backfill or reconcile run: what it was asked, how far it got (a killed backfill resumes from
-- last_key), and a reconcile's report (the dashboard shows the last one per table).
CREATE TABLE IF NOT EXISTS sync_bulk_run (
    run_id      bigserial PRIMARY KEY,
    kind        text        NOT NULL,            -- backfill | reconcile
    table_name  text        NOT NULL,
    options     jsonb,                           -- the command's options (missing_only, since, fix, ...)
    instance    text,                            -- host and process that ran it
    status      text        NOT NULL,            -- running | finished | failed
    started_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    total       bigint,                          -- rows to go through (counted at the start)
    done        bigint      NOT NULL DEFAULT 0,  -- rows gone through so far
    enqueued    bigint      NOT NULL DEFAULT 0,  -- sync_queue rows it added
    skipped     bigint      NOT NULL DEFAULT 0,  -- records left alone because they had an open row
    last_key    text,                            -- backfill: the last source key done (resume after it)
    report      jsonb,                           -- reconcile: counts and samples per kind
    message     text
);
CREATE INDEX IF NOT EXISTS sync_bulk_run_table_idx ON sync_bulk_run (table_name, kind, run_id DESC);

-- What the last reconcile of a table said of each of its rows (in_sync, missing_in_bubble, dangling_bubble_id, drift,
-- and duplicates_in_bubble beside them): "where is record X?" (status --record, /admin/record, the dashboard) reads
-- it. A table's findings are replaced by its next reconcile.
CREATE TABLE IF NOT EXISTS sync_bulk_finding (
    run_id     bigint NOT NULL,
    table_name text   NOT NULL,
    record_id  text   NOT NULL,
    kind       text   NOT NULL,
    bubble_id  text,            -- the Bubble object the row matched (or pointed at, when dangling)
    detail     text             -- the fields that differ (drift), the other objects (duplicates)
);
CREATE INDEX IF NOT EXISTS sync_bulk_finding_record_idx ON sync_bulk_finding (table_name, record_id, run_id);
