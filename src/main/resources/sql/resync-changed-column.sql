-- The column of a source table that says when a row last changed (sync.backfill.changed-column), as the catalogue
-- quotes it: it fills the {changed} marker of backfill-*.sql. No row: the table has no such column.
-- Parameters (JDBC, in order): table name, column name.
SELECT quote_ident(a.attname) AS changed_column
  FROM pg_catalog.pg_attribute a
 WHERE a.attrelid = to_regclass(quote_ident(?))
   AND a.attname = ?
   AND a.attnum > 0
   AND NOT a.attisdropped
