-- messages_stats: counters for /api/health and /metrics (message_rows: no join needed).
-- params: (none)
-- result: messages BIGINT, late BIGINT, last_event_time_ms BIGINT|NULL
SELECT count(*) AS messages,
  count(*) FILTER (WHERE late) AS late,
  max(event_time_ms) AS last_event_time_ms
FROM message_rows;
