-- messages_by_story_count: how many stored messages joined a story (for pagination of messages_by_story), with
-- $municipality only that town's.
-- params: $story_id VARCHAR, $municipality VARCHAR|NULL (NULL = all)
-- result: total BIGINT
SELECT count(*) AS total
FROM message_rows r
WHERE r.story_id = $story_id
  AND ($municipality IS NULL
    OR r.key_id IN (SELECT k.key_id FROM message_keys k WHERE k.municipality = $municipality));
