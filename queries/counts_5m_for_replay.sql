-- counts_5m_for_replay: closed 5-minute windows ending in (from, to], in closing order, to warm the detectors
-- after a restart.
-- params: $from_ms BIGINT (exclusive), $to_ms BIGINT (inclusive)
-- result: municipality, topic, start_ms, end_ms, count, unique_authors
SELECT municipality, topic, start_ms, end_ms, count, unique_authors
FROM counts_5m
WHERE end_ms > $from_ms AND end_ms <= $to_ms
ORDER BY end_ms, municipality, topic;
