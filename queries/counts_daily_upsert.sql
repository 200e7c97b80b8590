-- counts_daily_upsert: move the staged 'day' window values into counts_daily; a re-emitted window (revision)
-- replaces count, unique_authors and sources and bumps revisions. The stage holds at most one row per key.
-- params: (none)
-- result: (none)
INSERT INTO counts_daily (municipality, topic, start_ms, end_ms, count, unique_authors, sources, revisions)
SELECT municipality, topic, start_ms, end_ms, count, unique_authors, CAST(sources AS JSON), 0
FROM stage_counts
WHERE bucket = 'day'
ON CONFLICT (municipality, topic, start_ms) DO UPDATE SET
  end_ms = excluded.end_ms,
  count = excluded.count,
  unique_authors = excluded.unique_authors,
  sources = excluded.sources,
  revisions = counts_daily.revisions + 1;
