-- sync.target=legacy, retry: is any failed row left that the function's retry_failed would take (attempts
-- left, retry time unset or passed)? Only then is it called. Rows the relay rescued from 'processing' are due.
SELECT EXISTS (SELECT 1
                 FROM sync_queue
                WHERE status = 'failed'
                  AND COALESCE(retry_count, 0) < COALESCE(max_retries, 3)
                  AND (next_retry_at IS NULL OR next_retry_at <= now()))
