-- counts_summarise: number of stored windows and of revisions per bucket, for /metrics.
-- params: (none)
-- result: bucket VARCHAR ('5m'|'hour'|'day'), windows BIGINT, revisions BIGINT
SELECT '5m' AS bucket, count(*) AS windows, coalesce(sum(revisions), 0) AS revisions FROM counts_5m
UNION ALL
SELECT 'hour' AS bucket, count(*) AS windows, coalesce(sum(revisions), 0) AS revisions FROM counts_hourly
UNION ALL
SELECT 'day' AS bucket, count(*) AS windows, coalesce(sum(revisions), 0) AS revisions FROM counts_daily;
