-- subscriptions_list: every subscription, oldest first.
-- params: none
-- result: id, kind, place, sink, target, formats, send_at_min, enabled, created_at_ms
SELECT id, kind, place, sink, target, formats, send_at_min, enabled, created_at_ms
FROM subscriptions
ORDER BY created_at_ms, id;
