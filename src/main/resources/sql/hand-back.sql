-- Hand back rows this relay claimed but did not send (graceful stop, open circuit breaker): each goes
-- back to the state it was claimed from, with the same retry_count. A row claimed from 'pending' whose
-- record meanwhile got a new pending row cannot return to 'pending' (the pending-unique index): it
-- becomes 'failed' and due now, without counting an attempt.
-- Parameters (JDBC, in order): instance, row ids (text[] of uuids; NULL = every row this instance holds), the same ids.
WITH target AS (
    SELECT q.id,
           CASE WHEN q.claimed_from IS DISTINCT FROM 'pending' THEN 'failed'
                WHEN NOT EXISTS (SELECT 1 FROM sync_queue p
                                  WHERE p.status = 'pending' AND p.table_name = q.table_name
                                    AND p.record_id = q.record_id) THEN 'pending'
                ELSE 'failed-due' END AS back_to
      FROM sync_queue q
     WHERE q.status = 'processing'
       AND q.claimed_by = ?
       AND (CAST(? AS uuid[]) IS NULL OR q.id = ANY (CAST(? AS uuid[])))
       FOR UPDATE
)
UPDATE sync_queue q
   SET status        = CASE t.back_to WHEN 'pending' THEN 'pending' ELSE 'failed' END,
       next_retry_at = CASE t.back_to WHEN 'failed-due' THEN now() ELSE q.next_retry_at END,
       failure_kind  = CASE t.back_to WHEN 'failed-due' THEN 'transient' ELSE q.failure_kind END,
       error_message = CASE t.back_to WHEN 'failed-due' THEN 'handed back unsent: a newer change of this record is pending'
                                      ELSE q.error_message END,
       claimed_at    = NULL,
       claimed_by    = NULL,
       claimed_from  = NULL
  FROM target t
 WHERE q.id = t.id
