-- doctor (sync.target=bubble): the columns of a table on the search_path, in order; no rows when there is no such
-- table. The name is data: it is only ever a parameter. Parameters (JDBC): table name.
SELECT a.attname AS column_name
  FROM pg_catalog.pg_attribute a
 WHERE a.attrelid = to_regclass(quote_ident(?))
   AND a.attnum > 0
   AND NOT a.attisdropped
 ORDER BY a.attnum
