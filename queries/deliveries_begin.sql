-- deliveries_begin: records a delivery round as pending before anything is sent (a crash after this re-sends
-- with the same delivery_id); a row already sent is left as it is.
-- params: $subscription_id, $date, $delivery_id VARCHAR; $messages_count BIGINT|NULL; $due_ms, $at_ms BIGINT
-- result: state, attempts (after the update)
INSERT INTO deliveries (subscription_id, date, delivery_id, state, attempts, last_error, messages_count, due_ms,
  updated_at_ms, sent_at_ms)
VALUES ($subscription_id, $date, $delivery_id, 'pending', 1, NULL, $messages_count, $due_ms, $at_ms, NULL)
ON CONFLICT (subscription_id, date) DO UPDATE SET
  state = CASE WHEN deliveries.state = 'sent' THEN 'sent' ELSE 'pending' END,
  attempts = CASE WHEN deliveries.state = 'sent' THEN deliveries.attempts ELSE deliveries.attempts + 1 END,
  messages_count = CASE WHEN deliveries.state = 'sent' THEN deliveries.messages_count
    ELSE excluded.messages_count END,
  updated_at_ms = CASE WHEN deliveries.state = 'sent' THEN deliveries.updated_at_ms ELSE excluded.updated_at_ms END
RETURNING state, attempts;
