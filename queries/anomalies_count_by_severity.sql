-- anomalies_count_by_severity: anomalies per (severity, status), for /metrics.
-- params: (none)
-- result: severity VARCHAR, status VARCHAR, n BIGINT
SELECT severity, status, count(*) AS n
FROM anomalies
GROUP BY severity, status
ORDER BY severity, status;
