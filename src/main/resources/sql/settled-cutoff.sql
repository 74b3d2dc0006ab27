-- Where a full count of the settled history stops: a minute before the database's now(), so a settle committed
-- after the count but stamped before it (its transaction started earlier) still falls after the cut-off.
SELECT now() - interval '1 minute' AS cutoff
