-- campaigns_insert: one registered campaign.
-- params: $id, $municipality, $region, $topic, $description VARCHAR; $from_day, $to_day, $created_at_ms BIGINT
-- result: none
INSERT INTO campaigns (id, municipality, region, topic, from_day, to_day, description, created_at_ms)
VALUES ($id, $municipality, $region, $topic, $from_day, $to_day, $description, $created_at_ms);
