-- Prediction logs (contract section 1) as a table over JSON lines files: a folder of .jsonl / .jsonl.gz files
-- (the filesystem connector decompresses .gz by extension). Bounded: run it in batch mode
-- (SET 'execution.runtime-mode' = 'batch';) for reports over history; replace the path.
-- `ts` must be ISO-8601 with a zone (2026-11-24T10:00:00.123Z); for epoch-millisecond logs declare
-- `ts_ms BIGINT` instead and add `ts AS TO_TIMESTAMP_LTZ(ts_ms, 3)`.
-- Features are MAP<STRING, STRING>: numbers arrive as their text, booleans as 'true' / 'false', JSON null as NULL.
-- Lines that are not JSON objects are skipped (the backfill job also counts them in its dead letters).
CREATE TABLE IF NOT EXISTS predictions (
  ts TIMESTAMP_LTZ(3),
  model STRING,
  model_version STRING,
  request_id STRING,
  latency_ms DOUBLE,
  ttft_ms DOUBLE,
  status STRING,
  retries INT,
  input_length INT,
  output_length INT,
  prediction STRING,
  confidence DOUBLE,
  features MAP<STRING, STRING>,
  WATERMARK FOR ts AS ts - INTERVAL '30' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'file:///data/logs',
  'source.path.regex-pattern' = '.*\.jsonl(\.gz)?',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'true',
  'json.fail-on-missing-field' = 'false'
);
