-- deliveries_list: deliveries, newest date first; $subscription_id NULL for all.
-- params: $subscription_id VARCHAR|NULL; $limit BIGINT
-- result: subscription_id, date, delivery_id, state, attempts, last_error, messages_count, payload, due_ms,
--   updated_at_ms, sent_at_ms
SELECT subscription_id, date, delivery_id, state, attempts, last_error, messages_count, payload, due_ms,
  updated_at_ms, sent_at_ms
FROM deliveries
WHERE $subscription_id IS NULL OR subscription_id = $subscription_id
ORDER BY date DESC, subscription_id
LIMIT $limit;
