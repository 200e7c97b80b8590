-- dead_letters_insert_new: move staged dead letters into dead_letters, except those already stored (same origin
-- and reason) or repeated within the stage. Used when materialising published results, which may repeat.
-- params: (none)
-- result: (none)
INSERT INTO dead_letters (reason, stage, detail, raw, origin, at_ms)
SELECT DISTINCT ON (s.origin, s.reason) s.reason, s.stage, s.detail, s.raw, CAST(s.origin AS JSON), s.at_ms
FROM stage_dead_letters s
WHERE NOT EXISTS (
  SELECT 1 FROM dead_letters d WHERE CAST(d.origin AS VARCHAR) = s.origin AND d.reason = s.reason
);
