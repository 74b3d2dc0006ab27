-- The ten most recent failed rows with an error message: the ten newest of those needing a person (read in the order
-- of sync_queue_needs_person_idx: the filter on the message comes after the limit, so the planner never trades that
-- order for a sort of every failed row) and of those waiting for a retry, merged.
SELECT id, table_name, record_id, operation, retry_count, failure_kind, error_message, at
  FROM ((SELECT id, table_name, record_id, operation, retry_count, failure_kind, error_message,
                COALESCE(processed_at, claimed_at, created_at) AS at
           FROM sync_queue
          WHERE status = 'failed' AND next_retry_at IS NULL
          ORDER BY COALESCE(claimed_at, processed_at, created_at) DESC NULLS LAST, id
          LIMIT 10)
        UNION ALL
        (SELECT id, table_name, record_id, operation, retry_count, failure_kind, error_message,
                COALESCE(processed_at, claimed_at, created_at)
           FROM sync_queue
          WHERE status = 'failed' AND next_retry_at IS NOT NULL
          ORDER BY COALESCE(processed_at, claimed_at, created_at) DESC NULLS LAST
          LIMIT 10)) AS recent
 WHERE error_message IS NOT NULL
 ORDER BY at DESC NULLS LAST
 LIMIT 10
