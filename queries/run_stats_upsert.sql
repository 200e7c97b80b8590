-- run_stats_upsert: store (or update) the counters of one run.
-- params: $run_id, $at_ms, $read, $valid, $dead_lettered, $dead_by_reason (JSON text), $late, $duplicates,
--         $unknown_municipality, $windows_emitted, $anomalies
-- result: (none)
INSERT INTO run_stats (run_id, at_ms, read, valid, dead_lettered, dead_by_reason, late, duplicates,
  unknown_municipality, windows_emitted, anomalies)
VALUES ($run_id, $at_ms, $read, $valid, $dead_lettered, CAST($dead_by_reason AS JSON), $late, $duplicates,
  $unknown_municipality, $windows_emitted, $anomalies)
ON CONFLICT (run_id) DO UPDATE SET
  at_ms = excluded.at_ms, read = excluded.read, valid = excluded.valid, dead_lettered = excluded.dead_lettered,
  dead_by_reason = excluded.dead_by_reason, late = excluded.late, duplicates = excluded.duplicates,
  unknown_municipality = excluded.unknown_municipality, windows_emitted = excluded.windows_emitted,
  anomalies = excluded.anomalies;
