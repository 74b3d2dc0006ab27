-- Whether sync_queue holds any row of a table_name (an operator's --table is checked before it is used).
-- Parameters (JDBC): table_name.
SELECT EXISTS (SELECT 1 FROM sync_queue WHERE table_name = ?) AS known
