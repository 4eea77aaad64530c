-- Prediction logs (contract section 1) as a table on Kafka: one JSON object per message value, `ts` as event
-- time with a 30 s watermark (the stream job's --max-out-of-orderness default). Unbounded: streaming mode.
-- Needs the Kafka SQL connector jar (flink-sql-connector-kafka) in the SQL client's / cluster's lib/ or
-- ADD JAR; replace the bootstrap servers and topic. Same columns as ddl/predictions_files.sql.
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
  `partition` INT METADATA VIRTUAL,
  `offset` BIGINT METADATA VIRTUAL,
  WATERMARK FOR ts AS ts - INTERVAL '30' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'predictions',
  'properties.bootstrap.servers' = 'kafka-bootstrap.kafka:9092',
  'properties.group.id' = 'modelwatch-sql',
  'scan.startup.mode' = 'group-offsets',
  'properties.auto.offset.reset' = 'latest',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'true',
  'json.fail-on-missing-field' = 'false'
);
