-- One relay at a time refreshes sync_queue's statistics: a transaction advisory lock (it holds through a transaction
-- pooler too), released when the ANALYZE that follows it in the same transaction commits. false: another relay is at it.
SELECT pg_try_advisory_xact_lock(hashtext('bubble-sync analyze sync_queue')) AS locked
