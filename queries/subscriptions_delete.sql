-- subscriptions_delete: removes a subscription (its deliveries stay, as a record of what was sent).
-- params: $id VARCHAR
-- result: id (no row: no such subscription)
DELETE FROM subscriptions WHERE id = $id RETURNING id;
