-- known_events_upsert: store (or replace, same id) a known cause entered through the API.
-- params: $id VARCHAR, $event VARCHAR (JSON of detect/calendar.ts KnownEvent), $at_ms BIGINT
-- result: (none)
INSERT INTO known_events (id, event, at_ms)
VALUES ($id, CAST($event AS JSON), $at_ms)
ON CONFLICT (id) DO UPDATE SET event = excluded.event, at_ms = excluded.at_ms;
