-- For the next statement of this transaction only: no parallel workers. The settled history's full count
-- (settled-counts-before.sql) costs PostgreSQL about a third of the CPU run by one backend than split over workers
-- (measured on 2 million rows: 0.15 against 0.5 CPU-s), and it runs in the background where its wall time does not
-- matter. SET LOCAL: nothing outlives the transaction, also behind a transaction pooler.
SET LOCAL max_parallel_workers_per_gather = 0
