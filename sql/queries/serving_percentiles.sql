-- Serving figures per model and hour, as the jobs define them (contract section 3b): count, qps, error rate
-- (errors + timeouts), nearest-rank latency percentiles (exact here; the jobs' HdrHistogram is within 1 %),
-- time to first token. Works in batch mode on files and in streaming mode on Kafka (emitted at each window's end).
-- Needs: functions.sql and one of the ddl/ files.
SET 'table.local-time-zone' = 'UTC';

SELECT window_start, window_end, model,
       COUNT(*) AS requests,
       COUNT(*) / 3600.0 AS qps,
       CAST(SUM(CASE WHEN status IN ('error', 'timeout') THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS error_rate,
       CAST(SUM(CASE WHEN status = 'fallback' THEN 1 ELSE 0 END) AS DOUBLE) / COUNT(*) AS fallback_rate,
       AVG(latency_ms) AS latency_mean,
       nearest_rank(latency_ms, 0.5) AS latency_p50,
       nearest_rank(latency_ms, 0.9) AS latency_p90,
       nearest_rank(latency_ms, 0.99) AS latency_p99,
       MAX(latency_ms) AS latency_max,
       nearest_rank(ttft_ms, 0.5) AS ttft_p50
FROM TABLE(TUMBLE(TABLE predictions, DESCRIPTOR(ts), INTERVAL '1' HOUR))
WHERE model IS NOT NULL
GROUP BY window_start, window_end, model;
