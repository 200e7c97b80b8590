-- known_events_since: known causes entered after a time (all of them from −1), oldest first.
-- params: $after_ms BIGINT
-- result: event VARCHAR (JSON), at_ms BIGINT
SELECT CAST(event AS VARCHAR) AS event, at_ms
FROM known_events
WHERE at_ms > $after_ms
ORDER BY at_ms, id;
