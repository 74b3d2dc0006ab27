-- Pause or resume every relay on this database. Parameters: paused, changed_by.
INSERT INTO sync_control (name, paused, changed_at, changed_by) VALUES ('relay', ?, now(), ?)
ON CONFLICT (name) DO UPDATE SET paused = excluded.paused, changed_at = excluded.changed_at, changed_by = excluded.changed_by
