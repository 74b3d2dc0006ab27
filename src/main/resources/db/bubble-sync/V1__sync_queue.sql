-- The sync_queue outbox exactly as existing Supabase deployments have it.
-- On a database that already has the table this changes nothing (IF NOT EXISTS everywhere).
CREATE TABLE IF NOT EXISTS sync_queue (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    table_name      text NOT NULL,
    record_id       text NOT NULL,
    operation       text NOT NULL,
    payload         jsonb,
    status          text NOT NULL DEFAULT 'pending',
    error_message   text,
    error_details   jsonb,
    retry_count     integer DEFAULT 0,
    max_retries     integer DEFAULT 3,
    created_at      timestamptz DEFAULT now(),
    processed_at    timestamptz,
    next_retry_at   timestamptz,
    bubble_response jsonb,
    idempotency_key text UNIQUE
);

-- One pending change per record: the triggers of existing deployments rely on it.
-- Created only when no unique partial index on pending rows exists yet (under whatever name).
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1
          FROM pg_index i
          JOIN pg_class t ON t.oid = i.indrelid
         WHERE t.relname = 'sync_queue'
           AND t.relnamespace = to_regnamespace(current_schema())
           AND i.indisunique
           AND pg_get_expr(i.indpred, i.indrelid) LIKE '%status%pending%') THEN
        CREATE UNIQUE INDEX sync_queue_pending_record_uidx
            ON sync_queue (table_name, record_id) WHERE status = 'pending';
    END IF;
END
$$;
