package io.modelwatch.sensors;

import io.modelwatch.influx.Point;
import io.modelwatch.influx.PointSinks;
import io.modelwatch.influx.SinkSpec;
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

    /**
     * Everything the job needs, parsed and checked.
     *
     * @param samples 0 for an unbounded job; N: N samples per machine, and the Kafka topic read from the
     *     earliest offset to the end it has when the job starts
     * @param kafkaBootstrap null: no agents
     */
    public record Config(
            Duration interval,
            long samples,
            SinkSpec sink,
            Thresholds thresholds,
            SamplerFactory samplers,
            String kafkaBootstrap,
            String kafkaTopic,
            String kafkaGroup) {}

    /** Runs the job; {@code beforeSink} may add to the points (the CLI adds --rules alerts there). */
    public static void run(Config config, java.util.function.UnaryOperator<DataStream<Point>> beforeSink) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        if (config.samples() == 0) env.enableCheckpointing(Duration.ofMinutes(1).toMillis());
        PointSinks.sinkTo(beforeSink.apply(build(env, config)), config.sink());
        env.execute("modelwatch sensors");
    }

    /** The dataflow up to the sink. */
    static DataStream<Point> build(StreamExecutionEnvironment env, Config config) {
        SensorSource source = SensorSource.builder()
                .interval(config.interval())
                .samples(config.samples())
                .samplers(config.samplers())
                .build();
        DataStream<Point> samples = env.fromSource(source, WatermarkStrategy.noWatermarks(), "sensor-source")
                .uid("sensor-source");

        if (config.kafkaBootstrap() != null) {
            DataStream<Point> agents = env
                    .fromSource(agentSource(config), WatermarkStrategy.noWatermarks(), "agent-samples")
                    .uid("agent-samples")
                    .flatMap(new AgentSampleParser())
                    .name("parse-agent-samples")
                    .uid("parse-agent-samples");
            samples = samples.union(agents);
        }

        return samples
                .keyBy(new SeriesKey())
                .process(new SensorStatusFunction(config.thresholds()))
                .name("sensor-status")
                .uid(SensorStatusFunction.UID);
    }

    static KafkaSource<String> agentSource(Config config) {
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
