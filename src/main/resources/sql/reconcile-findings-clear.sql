-- A table's findings from earlier reconciles, replaced by this one's. Parameters (JDBC): table name, this run id.
DELETE FROM sync_bulk_finding WHERE table_name = ? AND run_id < ?
