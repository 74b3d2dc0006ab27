-- One source row as JSON (SIGNUP_ATOMIC loads the user it creates in Bubble). {table}, {key}, {key_type}:
-- catalogue-quoted names from bubble-source-table.sql. Parameters (JDBC): the key.
SELECT CAST(to_jsonb(s) AS text) AS row_json
  FROM {table} s
 WHERE s.{key} = CAST(? AS {key_type})
