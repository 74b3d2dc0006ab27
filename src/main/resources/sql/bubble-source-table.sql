-- Resolves a sync_queue.table_name (text from data) against the catalogue, on the search_path, with its key column
-- (sync.bubble.key-column) and Bubble-id column (sync.bubble.id-column). Every name comes back quoted by the
-- catalogue (format %I, quote_ident): these, and nothing else, fill the {table}/{key}/{key_type}/{id} markers of
-- bubble-ids-read.sql, bubble-ids-write.sql and bubble-source-row.sql. No row: no such table; a NULL column: no such column.
-- Parameters (JDBC, in order): key column, id column, table name.
SELECT format('%I.%I', n.nspname, c.relname) AS qualified_table,
       quote_ident(k.attname)                 AS key_column,
       format_type(k.atttypid, k.atttypmod)   AS key_type,
       quote_ident(b.attname)                 AS id_column
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_attribute k ON k.attrelid = c.oid AND k.attname = ? AND k.attnum > 0 AND NOT k.attisdropped
  LEFT JOIN pg_catalog.pg_attribute b ON b.attrelid = c.oid AND b.attname = ? AND b.attnum > 0 AND NOT b.attisdropped
 WHERE c.oid = to_regclass(quote_ident(?))
   AND c.relkind IN ('r', 'p')
