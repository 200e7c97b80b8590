-- deliveries_begin: records a delivery round as pending before anything is sent (a crash after this re-sends
-- with the same delivery_id). The first round's payload and count are kept: every round sends what was built
-- first. A row already sent is left as it is.
-- params: $subscription_id, $date, $delivery_id VARCHAR; $messages_count BIGINT|NULL; $payload VARCHAR;
--   $due_ms, $at_ms BIGINT
-- result: state, attempts, payload (after the update)
INSERT INTO deliveries (subscription_id, date, delivery_id, state, attempts, last_error, messages_count, payload,
  due_ms, updated_at_ms, sent_at_ms)
VALUES ($subscription_id, $date, $delivery_id, 'pending', 1, NULL, $messages_count, $payload, $due_ms, $at_ms,
  NULL)
ON CONFLICT (subscription_id, date) DO UPDATE SET
  state = CASE WHEN deliveries.state = 'sent' THEN 'sent' ELSE 'pending' END,
  attempts = CASE WHEN deliveries.state = 'sent' THEN deliveries.attempts ELSE deliveries.attempts + 1 END,
  messages_count = CASE WHEN deliveries.payload IS NULL THEN excluded.messages_count
    ELSE deliveries.messages_count END,
  payload = coalesce(deliveries.payload, excluded.payload),
  updated_at_ms = CASE WHEN deliveries.state = 'sent' THEN deliveries.updated_at_ms ELSE excluded.updated_at_ms END
RETURNING state, attempts, payload;
