-- sync.target=legacy, processor: is any pending row of sync.operations waiting? Only then is the function
-- called (pg_cron called it every minute whatever the queue held). Walks sync_queue_due_pending_idx.
-- Parameters: operations (comma separated).
SELECT EXISTS (SELECT 1
                 FROM sync_queue
                WHERE status = 'pending'
                  AND operation = ANY (string_to_array(:#operations, ',')))
