-- campaigns_list: the campaigns registered within a place, newest first (the planner's list).
-- params: $region, $municipality, $topic VARCHAR|NULL each (NULL = any); $limit BIGINT
-- result: id, municipality, region, topic, description VARCHAR; from_day, to_day, created_at_ms BIGINT
SELECT id, municipality, region, topic, from_day, to_day, description, created_at_ms
FROM campaigns
WHERE ($region IS NULL OR region = $region)
  AND ($municipality IS NULL OR municipality = $municipality)
  AND ($topic IS NULL OR topic = $topic)
ORDER BY created_at_ms DESC, id
LIMIT $limit;
