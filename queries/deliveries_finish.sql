-- deliveries_finish: the outcome of a round: sent (with its time) or failed (with the error).
-- params: $subscription_id, $date, $state VARCHAR; $last_error VARCHAR|NULL; $at_ms BIGINT; $sent_at_ms BIGINT|NULL
-- result: none
UPDATE deliveries SET state = $state, last_error = $last_error, updated_at_ms = $at_ms, sent_at_ms = $sent_at_ms
WHERE subscription_id = $subscription_id AND date = $date;
