-- subscriptions_insert: one new subscription.
-- params: $id, $kind, $place, $sink, $target, $formats VARCHAR; $send_at_min INTEGER; $enabled BOOLEAN;
--   $created_at_ms BIGINT
-- result: none
INSERT INTO subscriptions (id, kind, place, sink, target, formats, send_at_min, enabled, created_at_ms)
VALUES ($id, $kind, $place, $sink, $target, $formats, $send_at_min, $enabled, $created_at_ms);
