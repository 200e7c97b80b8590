-- campaigns_by_id: one campaign.
-- params: $id VARCHAR
-- result: id, municipality, region, topic, description VARCHAR; from_day, to_day, created_at_ms BIGINT
SELECT id, municipality, region, topic, from_day, to_day, description, created_at_ms
FROM campaigns
WHERE id = $id;
