-- counts_hourly_time_range: the span of stored hourly windows (the API's default period ends at to_ms).
-- params: (none)
-- result: from_ms BIGINT|NULL (earliest start), to_ms BIGINT|NULL (latest end)
SELECT min(start_ms) AS from_ms, max(end_ms) AS to_ms
FROM counts_hourly;
