-- doctor: sync_queue's CHECK constraints, the unique partial index on pending rows, and foreign keys to sync_config.
-- kind: check | pending_unique | config_fk.
SELECT 'check' AS kind, c.conname::text AS name, pg_get_constraintdef(c.oid) AS definition
  FROM pg_constraint c
 WHERE c.conrelid = to_regclass('sync_queue') AND c.contype = 'c'
UNION ALL
SELECT 'pending_unique', i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
  FROM pg_index i
 WHERE i.indrelid = to_regclass('sync_queue') AND i.indisunique
   AND pg_get_expr(i.indpred, i.indrelid) LIKE '%status%pending%'
UNION ALL
SELECT 'config_fk', c.conname::text, pg_get_constraintdef(c.oid)
  FROM pg_constraint c
 WHERE c.conrelid = to_regclass('sync_queue') AND c.contype = 'f' AND c.confrelid = to_regclass('sync_config')
