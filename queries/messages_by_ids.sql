-- messages_by_ids: the stored messages with the given ids (e.g. a term burst's examples), earliest first.
-- params: $ids VARCHAR[] (non-empty)
-- result: id, source, event_time_ms, created_offset_min, municipality, topic, topic_confidence, geo_method, author, text,
--         url, late, story_id, district
SELECT id, source, event_time_ms, created_offset_min, municipality, topic, topic_confidence, geo_method, author, text,
  url, late, story_id, district
FROM messages
WHERE list_contains($ids, id)
ORDER BY event_time_ms, id;
