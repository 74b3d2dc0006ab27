-- Housekeeping: forget relays that have not drawn from the shared Bubble budget for a day (sync_rate_relay keeps one
-- row per sync.instance.id, and the default id changes with every start). Parameters: none.
DELETE FROM sync_rate_relay WHERE drew_at < now() - interval '1 day'
