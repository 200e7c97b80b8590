-- campaigns_by_region_topic: the campaigns of one region and topic whose days overlap [from_day, to_day], so
-- the campaign-effect route can leave their towns out of the comparison group.
-- params: $region, $topic VARCHAR; $from_day, $to_day BIGINT
-- result: id, municipality VARCHAR; from_day, to_day BIGINT
SELECT id, municipality, from_day, to_day
FROM campaigns
WHERE region = $region AND topic = $topic AND from_day <= $to_day AND to_day >= $from_day
ORDER BY id;
