-- doctor: how many tables sync_config lists, and how many of them are enabled (run only when it exists).
SELECT count(*) AS tables, count(*) FILTER (WHERE (to_jsonb(c) ->> 'enabled')::boolean IS NOT FALSE) AS enabled
  FROM sync_config c
