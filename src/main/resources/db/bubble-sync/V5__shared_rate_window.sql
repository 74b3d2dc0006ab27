-- sync.bubble.rate-limit shared by every relay on this database (sync.target=bubble, sync.bubble.rate-limit.shared).
-- sync_rate_window: the window being drawn from, one row per window length (sync.bubble.rate-limit.window, in ms):
-- its number n (the database's clock divided into windows from the epoch), the permits it may grant (cap) and how
-- many relays drew so far (drawn). A relay draws a small chunk at a time (sql/bubble-rate-draw.sql, one statement)
-- and uses it only until its window ends: a relay that dies loses its unused chunk, nothing more.
-- sync_rate_relay: when each relay last drew, so a relay knows how many share the budget (its claims' size).
-- Idempotent: safe to run again.
CREATE TABLE IF NOT EXISTS sync_rate_window (
    window_ms   integer     PRIMARY KEY,
    n           bigint      NOT NULL,
    budget      integer     NOT NULL,           -- requests per minute of the relay that opened window n
    cap         integer     NOT NULL,           -- permits window n may grant
    drawn       integer     NOT NULL,           -- permits drawn from window n so far
    granted     integer     NOT NULL            -- what the last draw got (its statement's answer)
);

CREATE TABLE IF NOT EXISTS sync_rate_relay (
    instance    text        PRIMARY KEY,        -- sync.instance.id
    drew_at     timestamptz NOT NULL
);
