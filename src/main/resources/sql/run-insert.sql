-- Records one pass in sync_run.
-- Parameters (JDBC, in order): job, instance, started_at, ended_at, status, claimed, completed, failed, skipped, message.
INSERT INTO sync_run (job, instance, started_at, ended_at, status, claimed, completed, failed, skipped, message)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
