-- term_bursts_upsert: move staged term bursts into term_bursts; a burst is emitted once as a full value, so a
-- replay (or a republished record) of the same id replaces every column with the same values.
-- params: (none)
-- result: (none)
INSERT INTO term_bursts (id, scope, municipality, region, stem, term, topic, start_ms, end_ms, observed, expected,
  p_value, score, municipalities, message_ids, detected_at_ms, phrase)
SELECT id, scope, municipality, region, stem, term, topic, start_ms, end_ms, observed, expected,
  p_value, score, municipalities, message_ids, detected_at_ms, phrase
FROM stage_term_bursts
ON CONFLICT (id) DO UPDATE SET
  scope = excluded.scope,
  municipality = excluded.municipality,
  region = excluded.region,
  stem = excluded.stem,
  term = excluded.term,
  topic = excluded.topic,
  start_ms = excluded.start_ms,
  end_ms = excluded.end_ms,
  observed = excluded.observed,
  expected = excluded.expected,
  p_value = excluded.p_value,
  score = excluded.score,
  municipalities = excluded.municipalities,
  message_ids = excluded.message_ids,
  detected_at_ms = excluded.detected_at_ms,
  phrase = excluded.phrase;
