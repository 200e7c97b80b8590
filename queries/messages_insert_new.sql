-- messages_insert_new: move staged messages into message_rows, except those already stored (same id and key)
-- or repeated within the stage. Used when materialising published results, which may repeat.
-- params: (none)
-- result: (none)
INSERT INTO message_rows (id, key_id, event_time_ms, created_offset_min, topic_confidence, author, text, url,
  parent_id, late, story_id, district)
SELECT DISTINCT ON (s.id, s.key_id) s.id, s.key_id, s.event_time_ms, s.created_offset_min, s.topic_confidence,
  s.author, s.text, s.url, s.parent_id, s.late, s.story_id, s.district
FROM stage_messages s
WHERE NOT EXISTS (SELECT 1 FROM message_rows r WHERE r.id = s.id AND r.key_id = s.key_id);
