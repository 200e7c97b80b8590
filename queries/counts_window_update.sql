-- {{name}}: a re-emitted '{{bucket}}' window (revision) staged in stage_counts replaces count, unique_authors
-- and sources of its row in {{table}}, and bumps revisions when they changed; new windows are left to
-- {{insert_new}}. No key index: the table has none (an ART index grows with every window ever counted and
-- must live in memory), so the match is a join restricted to the staged windows' start range, which DuckDB's
-- min-max indexes prune to the recent row groups. The stage holds at most one row per key.
-- params: $replay BOOLEAN (a batch replayed after a restart: its values were stored before, revisions included),
--   $from_ms BIGINT, $to_ms BIGINT (the least and greatest start_ms staged for the bucket)
-- result: (none)
UPDATE {{table}} AS c SET
  end_ms = s.end_ms,
  count = s.count,
  unique_authors = s.unique_authors,
  sources = CAST(s.sources AS JSON),
  -- A replay of the same value (a processor resuming from its last snapshot) is not a revision.
  revisions = c.revisions + CASE
    WHEN $replay THEN 0
    WHEN c.count <> s.count OR c.unique_authors <> s.unique_authors
      OR CAST(c.sources AS VARCHAR) <> CAST(CAST(s.sources AS JSON) AS VARCHAR) THEN 1 ELSE 0 END
FROM stage_counts AS s
WHERE s.bucket = '{{bucket}}'
  AND c.start_ms BETWEEN $from_ms AND $to_ms
  AND c.municipality = s.municipality AND c.topic = s.topic AND c.start_ms = s.start_ms;
