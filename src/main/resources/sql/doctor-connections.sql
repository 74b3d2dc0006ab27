-- doctor: the server's connection limit, the slots kept for superusers (and, on PostgreSQL 16+, for roles with
-- pg_use_reserved_connections), and the client connections open now, the relays' own (application_name
-- 'bubble-sync-relay ...', this doctor's included) counted apart.
SELECT current_setting('max_connections')::int                            AS max_connections,
       current_setting('superuser_reserved_connections')::int             AS superuser_reserved,
       COALESCE(current_setting('reserved_connections', true)::int, 0)     AS reserved,
       count(*) FILTER (WHERE backend_type = 'client backend')            AS clients,
       count(*) FILTER (WHERE backend_type = 'client backend'
                          AND application_name LIKE 'bubble-sync-relay %') AS relay_clients
  FROM pg_stat_activity
