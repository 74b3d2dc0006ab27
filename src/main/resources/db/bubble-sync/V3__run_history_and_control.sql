-- Run history, one row per pass that did something (like cron.job_run_details), pruned after
-- sync.history.retention; and the relay's persisted switches (pause / resume), obeyed by every instance.
CREATE TABLE IF NOT EXISTS sync_run (
    run_id      bigserial PRIMARY KEY,
    job         text        NOT NULL,           -- processor | retry | cleanup
    instance    text        NOT NULL,           -- the relay that ran it
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz NOT NULL,
    status      text        NOT NULL,           -- succeeded | failed
    claimed     integer     NOT NULL DEFAULT 0,
    completed   integer     NOT NULL DEFAULT 0,
    failed      integer     NOT NULL DEFAULT 0,
    skipped     integer     NOT NULL DEFAULT 0,
    message     text
);
CREATE INDEX IF NOT EXISTS sync_run_started_idx ON sync_run (started_at);

CREATE TABLE IF NOT EXISTS sync_control (
    name        text PRIMARY KEY,
    paused      boolean     NOT NULL DEFAULT false,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    changed_by  text
);
INSERT INTO sync_control (name) VALUES ('relay') ON CONFLICT (name) DO NOTHING;
