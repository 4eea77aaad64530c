package io.modelwatch.quality;

import io.modelwatch.io.TextFileSink;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;

/** Where {@code --anomalies PATH|kafka:TOPIC} sends the anomaly records of each job (contract 3c). */
public final class Anomalies {
    private Anomalies() {}

    public static final String FILE_NAME = "anomalies.jsonl";

    /** kafka:TOPIC's topic, or null for a path. */
    public static String topic(String spec) {
        return spec.startsWith("kafka:") ? spec.substring("kafka:".length()) : null;
    }

    /** The file of a PATH spec: PATH itself, or PATH/anomalies.jsonl where PATH is a folder (or ends with /). */
    public static Path file(String spec) {
        Path p = Paths.get(spec);
        return spec.endsWith("/") || Files.isDirectory(p) ? p.resolve(FILE_NAME) : p;
    }

    /** Backfill: the first records per model and window over all subtasks, to one file, the same in every rerun. */
    public static void backfill(DataStream<AnomalyRecord> candidates, String spec, int limit) {
        candidates.transform("anomaly-first-records", Types.STRING, new AnomalyTopN(limit))
                .uid("anomaly-first-records").setParallelism(1)
                .sinkTo(new TextFileSink(file(spec))).name("anomalies").uid("sink-anomalies").setParallelism(1);
    }

    /** Stream: at most limit per model and window, at least once, to a file or a Kafka topic. */
    public static void stream(DataStream<AnomalyRecord> candidates, String spec, int limit, long window, long keep,
                              String bootstrap, Map<String, String> kafkaProperties) {
        DataStream<String> records = candidates
                .keyBy(a -> a.model)
                .process(new AnomalyLimiter(window, keep, limit), Types.STRING)
                .name("anomaly-limit").uid("anomaly-limit");
        String topic = topic(spec);
        if (topic == null) {
            records.sinkTo(io.modelwatch.io.CheckpointedFileSink.textLines(file(spec)))
                    .name("anomalies").uid("sink-anomalies").setParallelism(1);
            return;
        }
        Properties producer = new Properties();
        producer.putAll(kafkaProperties);
        records.sinkTo(KafkaSink.<String>builder()
                        .setBootstrapServers(bootstrap)
                        .setKafkaProducerConfig(producer)
                        .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .build())
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build())
                .name("anomalies-kafka").uid("sink-anomalies-kafka");
    }
}
