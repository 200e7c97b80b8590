-- run_stats_latest: the most recently updated runs.
-- params: $limit INTEGER
-- result: run_id, at_ms, read, valid, dead_lettered, dead_by_reason (JSON text), late, duplicates,
--         unknown_municipality, windows_emitted, anomalies
SELECT run_id, at_ms, read, valid, dead_lettered, CAST(dead_by_reason AS VARCHAR) AS dead_by_reason, late,
  duplicates, unknown_municipality, windows_emitted, anomalies
FROM run_stats
ORDER BY at_ms DESC
LIMIT $limit;
