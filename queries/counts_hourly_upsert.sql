-- counts_hourly_upsert: move the staged 'hour' window values into counts_hourly; a re-emitted window (revision)
-- replaces count, unique_authors and sources and bumps revisions when they changed. The stage holds at most one row per key.
-- params: $replay BOOLEAN (a batch replayed after a restart: its values were stored before, revisions included)
-- result: (none)
INSERT INTO counts_hourly (municipality, topic, start_ms, end_ms, count, unique_authors, sources, revisions)
SELECT municipality, topic, start_ms, end_ms, count, unique_authors, CAST(sources AS JSON), 0
FROM stage_counts
WHERE bucket = 'hour'
ON CONFLICT (municipality, topic, start_ms) DO UPDATE SET
  end_ms = excluded.end_ms,
  count = excluded.count,
  unique_authors = excluded.unique_authors,
  sources = excluded.sources,
  -- A replay of the same value (a processor resuming from its last snapshot) is not a revision.
  revisions = counts_hourly.revisions + CASE
    WHEN $replay THEN 0
    WHEN counts_hourly.count <> excluded.count OR counts_hourly.unique_authors <> excluded.unique_authors
      OR CAST(counts_hourly.sources AS VARCHAR) <> CAST(excluded.sources AS VARCHAR) THEN 1 ELSE 0 END;
