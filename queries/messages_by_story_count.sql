-- messages_by_story_count: how many stored messages joined a story (for pagination of messages_by_story).
-- params: $story_id VARCHAR
-- result: total BIGINT
SELECT count(*) AS total
FROM message_rows
WHERE story_id = $story_id;
