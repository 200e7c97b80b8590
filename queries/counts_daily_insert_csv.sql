-- counts_daily_insert_csv: bulk-load day windows from a headerless CSV file (municipality,topic,start_ms,end_ms,count)
-- into counts_daily, all from one source — the demo's generated history (commands/demo-history.ts), written
-- before the stream's first day: a window already stored is kept. unique_authors = count (no authors are known).
-- params: $path VARCHAR (the CSV file), $source VARCHAR (the key of the sources JSON)
-- result: (none)
INSERT INTO counts_daily (municipality, topic, start_ms, end_ms, count, unique_authors, sources, revisions)
SELECT h.municipality, h.topic, h.start_ms, h.end_ms, h.count, h.count, json_object($source, h.count), 0
FROM read_csv($path, header = false, auto_detect = false,
  columns = {'municipality': 'VARCHAR', 'topic': 'VARCHAR', 'start_ms': 'BIGINT', 'end_ms': 'BIGINT', 'count': 'INTEGER'}) AS h
WHERE NOT EXISTS (
  SELECT 1 FROM counts_daily AS c
  WHERE c.municipality = h.municipality AND c.topic = h.topic AND c.start_ms = h.start_ms
);
