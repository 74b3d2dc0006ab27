-- Wake-up: every statement that inserts into sync_queue sends ONE notification on channel
-- 'sync_queue_insert' (FOR EACH STATEMENT: a bulk insert of 100k rows sends one, not 100k; Postgres also
-- folds identical notifications of one transaction into one). Relays LISTEN on it and start a pass within
-- milliseconds; their crons stay as a safety net. Delivered at commit, so a relay never wakes for rows
-- it cannot see yet. Idempotent: safe to run again.
CREATE OR REPLACE FUNCTION sync_queue_notify_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('sync_queue_insert', '');
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS sync_queue_notify_insert ON sync_queue;
CREATE TRIGGER sync_queue_notify_insert
    AFTER INSERT ON sync_queue
    FOR EACH STATEMENT
    EXECUTE FUNCTION sync_queue_notify_insert();
