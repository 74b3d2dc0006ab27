-- Whether the optional sync_config table exists on the search_path.
SELECT to_regclass('sync_config') IS NOT NULL AS present
