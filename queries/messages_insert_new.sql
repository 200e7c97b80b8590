-- messages_insert_new: move staged messages into message_rows, except those already stored (same id and key)
-- or repeated within the stage. Used when materialising published results, which may repeat.
-- params: (none)
-- result: (none)
INSERT INTO message_rows
SELECT DISTINCT ON (s.id, s.key_id) s.*
FROM stage_messages s
WHERE NOT EXISTS (SELECT 1 FROM message_rows r WHERE r.id = s.id AND r.key_id = s.key_id);
