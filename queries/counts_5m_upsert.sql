-- counts_5m_upsert: move the staged '5m' window values into counts_5m; a re-emitted window (revision)
-- replaces count, unique_authors and sources and bumps revisions when they changed. The stage holds at most one row per key.
-- params: $replay BOOLEAN (a batch replayed after a restart: its values were stored before, revisions included)
-- result: (none)
INSERT INTO counts_5m (municipality, topic, start_ms, end_ms, count, unique_authors, sources, revisions)
SELECT municipality, topic, start_ms, end_ms, count, unique_authors, CAST(sources AS JSON), 0
FROM stage_counts
WHERE bucket = '5m'
ON CONFLICT (municipality, topic, start_ms) DO UPDATE SET
  end_ms = excluded.end_ms,
  count = excluded.count,
  unique_authors = excluded.unique_authors,
  sources = excluded.sources,
  -- A replay of the same value (a processor resuming from its last snapshot) is not a revision.
  revisions = counts_5m.revisions + CASE
    WHEN $replay THEN 0
    WHEN counts_5m.count <> excluded.count OR counts_5m.unique_authors <> excluded.unique_authors
      OR CAST(counts_5m.sources AS VARCHAR) <> CAST(excluded.sources AS VARCHAR) THEN 1 ELSE 0 END;
