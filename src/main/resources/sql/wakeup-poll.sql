-- Poll wake-up (sync.wakeup.mode=poll, or auto when a NOTIFY does not come back): what the pending rows look like,
-- every sync.wakeup.poll-interval. Both parts read only the partial index sync_queue_due_pending_idx
-- (created_at, id WHERE status = 'pending'): an index-only scan, whatever the completed history. The relay starts a
-- pass when the answer differs from the previous one (rows arrived or left), never merely because rows wait: rows a
-- pass cannot take (paused, held, an older change of the record still open) do not cost a claim every interval.
-- The count stops at 10,000 so a huge backlog costs no more; past it, the newest row still tells arrivals.
SELECT (SELECT count(*) FROM (SELECT 1 FROM sync_queue WHERE status = 'pending' LIMIT 10000) p) AS pending,
       (SELECT created_at::text || ' ' || id::text
          FROM sync_queue
         WHERE status = 'pending'
         ORDER BY created_at DESC, id DESC
         LIMIT 1)                                                                           AS newest
