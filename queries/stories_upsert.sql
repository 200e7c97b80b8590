-- stories_upsert: move staged stories into stories; every story is emitted as a full value (opened, grown, closed),
-- so a later one of the same id replaces every column. The stage holds one row per id (the batch's last).
-- params: (none)
-- result: (none)
INSERT INTO stories (id, municipality, region, topic, kind, start_ms, last_ms, messages, authors, terms, streets,
  label, closed, municipalities, places, lat, lon, located)
SELECT id, municipality, region, topic, kind, start_ms, last_ms, messages, authors, terms::JSON, streets::JSON,
  label, closed, municipalities, places::JSON, lat, lon, located
FROM stage_stories
ON CONFLICT (id) DO UPDATE SET
  municipality = excluded.municipality,
  region = excluded.region,
  topic = excluded.topic,
  kind = excluded.kind,
  start_ms = excluded.start_ms,
  last_ms = excluded.last_ms,
  messages = excluded.messages,
  authors = excluded.authors,
  terms = excluded.terms,
  streets = excluded.streets,
  label = excluded.label,
  closed = excluded.closed,
  municipalities = excluded.municipalities,
  places = excluded.places,
  lat = excluded.lat,
  lon = excluded.lon,
  located = excluded.located;
