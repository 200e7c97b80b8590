-- dead_letters_count_by_reason: how many records were dead-lettered, per reason.
-- params: (none)
-- result: reason VARCHAR, n BIGINT
SELECT reason, count(*) AS n
FROM dead_letters
GROUP BY reason
ORDER BY reason;
