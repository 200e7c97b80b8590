-- anomalies_upsert: move staged anomalies into anomalies; a replay or an update of the same window (same id)
-- replaces the measured fields, keeps first_detected_at_ms and status, and takes the detector's count of updates.
-- params: (none)
-- result: (none)
INSERT INTO anomalies (id, bucket, municipality, topic, start_ms, end_ms, observed, expected, p_value, score,
  severity, detector, detected_at_ms, first_detected_at_ms, status, updates, district)
SELECT id, bucket, municipality, topic, start_ms, end_ms, observed, expected, p_value, score,
  severity, detector, detected_at_ms, first_detected_at_ms, 'open', updates, district
FROM stage_anomalies
ON CONFLICT (id) DO UPDATE SET
  end_ms = excluded.end_ms,
  observed = excluded.observed,
  expected = excluded.expected,
  p_value = excluded.p_value,
  score = excluded.score,
  severity = excluded.severity,
  detector = excluded.detector,
  detected_at_ms = excluded.detected_at_ms,
  -- the earliest, whatever the batches: a replay or another batching gives the same value
  first_detected_at_ms = LEAST(anomalies.first_detected_at_ms, excluded.first_detected_at_ms),
  -- Counted by the detector (a full value, so a replay writes the same number again).
  updates = excluded.updates;
