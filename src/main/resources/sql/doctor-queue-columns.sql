-- doctor: sync_queue's columns and their types (current schema).
SELECT column_name, data_type
  FROM information_schema.columns
 WHERE table_schema = current_schema() AND table_name = 'sync_queue'
