-- messages_by_window: messages of one (municipality, topic) window, earliest first (samples; what explains it).
-- params: $municipality VARCHAR, $topic VARCHAR, $from_ms BIGINT (inclusive), $to_ms BIGINT (exclusive),
--         $limit INTEGER
-- result: id, source, event_time_ms, created_offset_min, municipality, topic, topic_confidence, geo_method, author, text,
--         url, late, story_id, district
SELECT id, source, event_time_ms, created_offset_min, municipality, topic, topic_confidence, geo_method, author, text,
  url, late, story_id, district
FROM messages
WHERE municipality = $municipality
  AND topic = $topic
  AND event_time_ms >= $from_ms
  AND event_time_ms < $to_ms
ORDER BY event_time_ms, id
LIMIT $limit;
