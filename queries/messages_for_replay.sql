-- messages_for_replay: stored messages from a time on, in event-time order, to rebuild windows and the dedupe
-- set after a restart.
-- params: $from_ms BIGINT (inclusive)
-- result: id, source, event_time_ms, municipality, region, topic, author, late
SELECT id, source, event_time_ms, municipality, region, topic, author, late
FROM messages
WHERE event_time_ms >= $from_ms
ORDER BY event_time_ms, source, id;
