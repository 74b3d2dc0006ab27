-- The relay's persisted switches.
SELECT paused, changed_at, changed_by FROM sync_control WHERE name = 'relay'
