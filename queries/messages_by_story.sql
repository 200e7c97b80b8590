-- messages_by_story: one page of the messages that joined a story, earliest first; with $municipality only that
-- town's (a story neighbouring towns share, read by one town's head).
-- params: $story_id VARCHAR, $municipality VARCHAR|NULL (NULL = all), $limit INTEGER, $offset INTEGER
-- result: id, source, event_time_ms, created_offset_min, municipality, topic, topic_confidence, geo_method, author, text,
--         url, late, story_id, district
SELECT id, source, event_time_ms, created_offset_min, municipality, topic, topic_confidence, geo_method, author, text,
  url, late, story_id, district
FROM messages
WHERE story_id = $story_id
  AND ($municipality IS NULL OR municipality = $municipality)
ORDER BY event_time_ms, id
LIMIT $limit OFFSET $offset;
