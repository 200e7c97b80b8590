-- messages_newest_by_place: the newest messages (of one topic, or all) in [from_ms, to_ms) of a municipality, or of a region
-- but another municipality (the reference an explanation compares a spike with), newest first.
-- params: $topic VARCHAR|NULL (NULL = any), $municipality VARCHAR|NULL (NULL = any), $region VARCHAR|NULL (NULL = any),
--         $except_municipality VARCHAR|NULL (NULL = none excluded), $from_ms BIGINT (inclusive),
--         $to_ms BIGINT (exclusive), $limit INTEGER
-- result: id, author, text, event_time_ms, story_id, district
SELECT id, author, text, event_time_ms, story_id, district
FROM messages
WHERE ($topic IS NULL OR topic = $topic)
  AND ($municipality IS NULL OR municipality = $municipality)
  AND ($region IS NULL OR region = $region)
  AND ($except_municipality IS NULL OR municipality <> $except_municipality)
  AND event_time_ms >= $from_ms
  AND event_time_ms < $to_ms
ORDER BY event_time_ms DESC, id DESC
LIMIT $limit;
