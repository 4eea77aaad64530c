package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import io.modelwatch.influx.PointSinks;
import io.modelwatch.io.JobOutputs;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * {@code modelwatch sensors}: this machine's (each TaskManager host's) sensors, plus agents' samples from
 * Kafka when a topic is given, judged against thresholds and history, into the sink.
 *
 * <pre>
 * sensor-source ─┐
 *                ├─ union ─ keyBy(series) ─ sensor-status (thresholds, 3-sigma, keyed state) ─ sink
 * agent-samples ─ parse-agent-samples ─┘
 * </pre>
 */
public final class SensorsJob {
    private SensorsJob() {}

    /** The base configuration (no Kryo, object reuse), STREAMING, checkpoints every minute when unbounded. */
    public static StreamExecutionEnvironment environment(SensorsConfig c) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobOutputs.baseConfiguration());
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        if (c.samples() == 0) env.enableCheckpointing(Duration.ofMinutes(1).toMillis());
        return env;
    }

    /** This machine's (each TaskManager host's) sensors, sampled every {@code c.interval()}. */
    public static DataStream<Point> source(StreamExecutionEnvironment env, SensorsConfig c) {
        SensorSource source = SensorSource.builder()
                .interval(c.interval())
                .samples(c.samples())
                .samplers(c.samplers())
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "sensor-source").uid("sensor-source");
    }

    /** Agents' samples from Kafka (JSON lines), or null without {@code c.kafkaBootstrap()}. */
    public static DataStream<String> agentSource(StreamExecutionEnvironment env, SensorsConfig c) {
        if (c.kafkaBootstrap() == null) return null;
        return env.fromSource(agentKafkaSource(c), WatermarkStrategy.noWatermarks(), "agent-samples")
                .uid("agent-samples");
    }

    /** Runs the job; {@code beforeSink} may add to the points (the CLI adds --rules alerts there). */
    public static void run(SensorsConfig c, UnaryOperator<DataStream<Point>> beforeSink) throws Exception {
        StreamExecutionEnvironment env = environment(c);
        PointSinks.sinkTo(beforeSink.apply(build(source(env, c), agentSource(env, c), c)), c.sink());
        env.execute("modelwatch sensors");
    }

    /** Wires the job onto this machine's samples. */
    public static DataStream<Point> build(DataStream<Point> samples, SensorsConfig c) {
        return build(samples, null, c);
    }

    /** Wires the job onto this machine's samples and, unless null, agents' sample lines. */
    public static DataStream<Point> build(DataStream<Point> samples, DataStream<String> agentLines, SensorsConfig c) {
        if (agentLines != null) {
            samples = samples.union(agentLines
                    .flatMap(new AgentSampleParser())
                    .name("parse-agent-samples")
                    .uid("parse-agent-samples"));
        }
        return samples
                .keyBy(new SeriesKey())
                .process(new SensorStatusFunction(c.thresholds()))
                .name("sensor-status")
                .uid(SensorStatusFunction.UID);
    }

    static KafkaSource<String> agentKafkaSource(SensorsConfig config) {
        KafkaSourceBuilder<String> b = KafkaSource.<String>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(config.kafkaTopic())
                .setGroupId(config.kafkaGroup())
                .setValueOnlyDeserializer(new SimpleStringSchema());
        if (config.samples() > 0) {
            b.setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest());
        } else {
            b.setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST));
        }
        return b.build();
    }

    /** A series: measurement and tags (one host, or one GPU of one host). */
    static final class SeriesKey implements KeySelector<Point, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Point p) {
            return p.seriesKey();
        }
    }
}
