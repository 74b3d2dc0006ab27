-- doctor: the server, and which of the tables the relay looks at exist (sync_queue, sync_config, pg_cron's
-- cron.job, Vault's decrypted_secrets), by their search-path or schema-qualified names.
SELECT current_setting('server_version')                 AS version,
       current_user                                      AS db_user,
       to_regclass('sync_queue') IS NOT NULL             AS sync_queue,
       to_regclass('sync_config') IS NOT NULL            AS sync_config,
       to_regclass('cron.job') IS NOT NULL               AS cron_job,
       to_regclass('vault.decrypted_secrets') IS NOT NULL AS vault
