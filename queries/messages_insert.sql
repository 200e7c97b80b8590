-- messages_insert: move the staged messages of a batch into messages, resolving each key_id to its
-- (source, municipality, region, topic, department, geo_method).
-- params: (none)
-- result: (none)
INSERT INTO messages (id, source, event_time_ms, created_offset_min, municipality, region, topic, topic_confidence,
  department, geo_method, author, text, url, parent_id, late)
SELECT s.id, k.source, s.event_time_ms, s.created_offset_min, k.municipality, k.region, k.topic, s.topic_confidence,
  k.department, k.geo_method, s.author, s.text, s.url, s.parent_id, s.late
FROM stage_messages s
JOIN stage_message_keys k ON k.key_id = s.key_id;
