package io.modelwatch.stream;

import io.modelwatch.io.JobOutputs;
import io.modelwatch.io.JobParts;
import io.modelwatch.backfill.WindowScoringFunction;
import io.modelwatch.influx.Point;
import io.modelwatch.influx.PointSinks;
import io.modelwatch.io.Durations;
import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.Progress;
import io.modelwatch.io.RawLine;
import io.modelwatch.serving.ServingAccumulator;
import io.modelwatch.serving.ServingPartial;
import io.modelwatch.slo.SloTap;
import io.modelwatch.slo.Slos;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The long-running drift and serving job: prediction logs from Kafka, rolling windows, points into the sink.
 *
 * <pre>
 *  Kafka ─► parse-and-pane ─► PanePartial ─► keyBy(model,shard) ─► drift-pane-windows ─► feature-drift ─► keyBy(model,window) ─► score-windows ─┐
 *  (event time,   │ (one pane per event,                             (merge the last window/slide                                               │
 *   per-partition │  map-side combine, flush on                       panes into each window at                                                 ├► pipeline-report ─► [alerts] ─► sink
 *   watermarks)   │  watermark / barrier / end)                       its end; keyed, checkpointed)                                             │
 *                 ├─ ServingPartial ─► keyBy(model) ─► serving-pane-windows ─► model-serving ────────────────────────────────────────────────────┘
 *                 ├─ dead letters (bad and late records, with the reason) ─► Kafka topic or file
 *                 └─ counts ─► pipeline-report
 * </pre>
 *
 * The computation is the backfill's ({@code DriftPartial} update and merge,
 * {@code FeatureDriftCalculator}, {@code WindowDriftScorer}, {@code ServingAccumulator}), so for windows of the
 * same length (window == slide) the points are the backfill's. See docs/stream.md.
 */
public final class StreamJob {
    public static final String JOB = "stream";
    /** Fixed so that the shard keys' spread over the subtasks is known when the graph is built. */
    static final int MAX_PARALLELISM = 128;

    private StreamJob() {}

    public static StreamExecutionEnvironment environment(StreamConfig c) {
        Configuration conf = JobOutputs.baseConfiguration();
        if (c.checkpointIntervalMillis() > 0) {
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(c.checkpointIntervalMillis()));
            conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        }
        if (c.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.checkpointDir());
        }
        conf.set(StateBackendOptions.STATE_BACKEND, c.stateBackend());
        if (c.savepointDir() != null) conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, c.savepointDir());
        // Every stateful operator has a fixed uid, so a savepoint of an older build maps onto this one; state that
        // maps onto nothing fails the start (no allowNonRestoredState) instead of being dropped silently.
        if (c.fromSavepoint() != null) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, c.fromSavepoint());
        if (c.restartAttempts() == 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else if (c.restartAttempts() > 0) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, c.restartAttempts());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        if (c.parallelism() > 0) env.setParallelism(c.parallelism());
        env.setMaxParallelism(MAX_PARALLELISM);
        return env;
    }

    public static KafkaSource<RawLine> source(StreamConfig c) {
        return source(c, c.topics());
    }

    /** The label topic's source: the same consumer settings, its own topic (and its own watermarks). */
    public static KafkaSource<RawLine> labelSource(StreamConfig c) {
        return source(c, java.util.List.of(c.labelsTopic()));
    }

    private static KafkaSource<RawLine> source(StreamConfig c, java.util.List<String> topics) {
        KafkaSourceBuilder<RawLine> b = KafkaSource.<RawLine>builder()
                .setBootstrapServers(c.bootstrap())
                .setTopics(topics)
                .setGroupId(c.groupId())
                .setDeserializer(new KafkaLines())
                .setStartingOffsets(startingOffsets(c.startingOffsets()));
        for (Map.Entry<String, String> e : c.kafkaProperties().entrySet()) b.setProperty(e.getKey(), e.getValue());
        if (c.bounded()) b.setBounded(OffsetsInitializer.latest());
        return b.build();
    }

    /** earliest | latest | committed (falling back to earliest) | timestamp:MILLIS. */
    static OffsetsInitializer startingOffsets(String s) {
        if (s.equals("earliest")) return OffsetsInitializer.earliest();
        if (s.equals("latest")) return OffsetsInitializer.latest();
        if (s.equals("committed")) return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        if (s.startsWith("timestamp:")) return OffsetsInitializer.timestamp(Long.parseLong(s.substring("timestamp:".length())));
        throw new IllegalArgumentException("starting offsets: " + s);
    }

    public static WatermarkStrategy<RawLine> watermarks(StreamConfig c) {
        long ooo = c.maxOutOfOrdernessMillis(), slide = c.slideMillis();
        WatermarkStrategy<RawLine> w = WatermarkStrategy.<RawLine>forGenerator(ctx -> new PaneWatermarks<>(ooo, slide))
                .withTimestampAssigner((line, kafkaTs) -> TsScanner.eventTime(line.bytes, line.length));
        return c.idleTimeoutMillis() > 0 ? w.withIdleness(Duration.ofMillis(c.idleTimeoutMillis())) : w;
    }

    /** Wires the job onto a stream of lines (from Kafka, or from a test). */
    public static JobOutputs build(DataStream<RawLine> lines, StreamConfig c) {
        return build(lines, null, c);
    }

    /** Wires the job onto a stream of prediction lines and, with {@code c.labels()}, one of label lines. */
    public static JobOutputs build(DataStream<RawLine> lines, DataStream<RawLine> labelLines, StreamConfig c) {
        int parallelism = lines.getExecutionEnvironment().getParallelism();
        ReferenceLibrary references = new ReferenceLibrary(c.referenceDir(), c.grid(), c.referenceCheckMillis(),
                c.segmentation() == null ? null : c.segmentation().by().key());
        String windowTag = Durations.format(c.windowMillis());
        lines = c.beforeParse().apply(lines);
        SingleOutputStreamOperator<PanePartial> panes = lines
                .transform("parse-and-pane", PanePartialSerializer.TYPE,
                        new PaneAggregateOperator(references, c.slideMillis(), c.allowedLatenessMillis(), c.shards(), 64)
                                .withWindow(c.windowMillis()).withSlos(c.slos()).withPredictions(c.labels() != null)
                                .withQuality(io.modelwatch.quality.QualityConfig.of(c.quality(), c.redaction()))
                                .withSegments(c.segmentation()))
                .uid("parse-and-pane");

        DataStream<Point> featurePoints = panes
                .keyBy(new ShardKey(parallelism))
                .process(new PaneWindows.Drift(c.windowMillis(), c.slideMillis(), c.allowedLatenessMillis()), PanePartialSerializer.TYPE)
                .name("drift-pane-windows").uid("drift-pane-windows")
                .flatMap(new StreamFeatureDrift(references, c.drift())).name("feature-drift").uid("feature-drift")
                .keyBy(f -> WindowScoringFunction.key(f.model, f.windowStart))
                .process(new WindowScoringFunction(c.drift(), windowTag)).name("score-windows").uid("score-windows");

        DataStream<Point> servingPoints = panes.getSideOutput(PaneAggregateOperator.SERVING)
                .keyBy(s -> s.model)
                .process(new PaneWindows.Serving(c.windowMillis(), c.slideMillis(), c.allowedLatenessMillis()),
                        TypeInformation.of(ServingPartial.class))
                .name("serving-pane-windows").uid("serving-pane-windows")
                .map(new ServingPoint(windowTag)).name("model-serving").uid("model-serving");

        DataStream<PipelineCounts> counts = panes.getSideOutput(PaneAggregateOperator.COUNTS);
        DataStream<Point> all = featurePoints.union(servingPoints, io.modelwatch.quality.Quality.stream(
                panes.getSideOutput(io.modelwatch.quality.QualityTap.OUTPUT), c.windowMillis(), c.slideMillis(),
                c.allowedLatenessMillis(), windowTag), io.modelwatch.multivariate.MultivariatePaneWindows.stream(
                panes.getSideOutput(PaneAggregateOperator.MULTIVARIATE), c.windowMillis(), c.slideMillis(),
                c.allowedLatenessMillis(), windowTag), io.modelwatch.multivariate.EmbeddingFigures.stream(
                panes.getSideOutput(PaneAggregateOperator.EMBEDDINGS), c.windowMillis(), c.slideMillis(),
                c.allowedLatenessMillis(), windowTag));
        if (c.slos() != null) all = all.union(Slos.evaluate(panes.getSideOutput(SloTap.OUTPUT), c.slos()));
        JobParts parts = new JobParts(all, counts, panes.getSideOutput(PaneAggregateOperator.DEAD_LETTERS));
        if (c.labels() != null) {
            parts = parts.and(io.modelwatch.performance.PerformanceJoin.stream(
                    panes.getSideOutput(PaneAggregateOperator.PREDICTIONS), labelLines, c.labels(), c.windowMillis(),
                    c.slideMillis(), windowTag, references));
        }
        if (c.quality() != null && c.quality().writesAnomalies()) {
            io.modelwatch.quality.Anomalies.stream(panes.getSideOutput(io.modelwatch.quality.QualityTap.ANOMALIES),
                    c.quality().anomalies(), c.quality().anomalyLimit(), c.windowMillis(),
                    c.allowedLatenessMillis() + c.slideMillis(), c.bootstrap(), c.kafkaProperties());
        }
        return parts.reported(new StreamPipelineReport(JOB, c.slideMillis()).withLabels(c.labels() != null), c.redaction());
    }

    public static JobExecutionResult run(StreamConfig c) throws Exception {
        return run(c, points -> points, null);
    }

    /**
     * Runs the job; {@code beforeSink} may add to the points (the CLI adds --rules alerts there), {@code listener}
     * (or null) watches it (the CLI's progress lines). With a savepoint
     * folder on the embedded Flink, SIGTERM and Ctrl-C stop the job with a savepoint there (see {@link StopOnSignal});
     * on a cluster, Flink's REST {@code POST /jobs/:id/stop} does it (the folder is the job's default target).
     */
    public static JobExecutionResult run(StreamConfig c, UnaryOperator<DataStream<Point>> beforeSink,
                                         org.apache.flink.core.execution.JobListener listener) throws Exception {
        StreamExecutionEnvironment env = prepare(c, beforeSink);
        if (listener != null) env.registerJobListener(listener);
        String name = "modelwatch stream " + String.join(",", c.topics());
        if (c.savepointDir() == null || !(env instanceof LocalStreamEnvironment)) return env.execute(name);
        org.apache.flink.core.execution.JobClient client = env.executeAsync(name);
        try (StopOnSignal stop = StopOnSignal.install(client, c.savepointDir())) {
            return client.getJobExecutionResult().get();
        }
    }

    /** Starts the job and returns at once (tests of an unbounded run; cancel it through the client). */
    public static org.apache.flink.core.execution.JobClient start(StreamConfig c) throws Exception {
        return prepare(c, points -> points).executeAsync("modelwatch stream " + String.join(",", c.topics()));
    }

    /** The environment with the whole job wired, sinks included. */
    public static StreamExecutionEnvironment prepare(StreamConfig c, UnaryOperator<DataStream<Point>> beforeSink) {
        StreamExecutionEnvironment env = environment(c);
        DataStream<RawLine> lines = env.fromSource(source(c), watermarks(c), "kafka-prediction-logs").uid("source-kafka");
        // Each topic has its own watermarks (with idleness): where they meet, in the label join, the lower one
        // rules, and a topic idle for --idle-timeout stops holding the other back (docs/performance.md).
        DataStream<RawLine> labelLines = c.labels() == null ? null
                : env.fromSource(labelSource(c), watermarks(c), "kafka-labels").uid("source-kafka-labels");
        JobOutputs out = build(lines, labelLines, c);
        PointSinks.sinkTo(beforeSink.apply(out.points), c.sink());
        if (c.deadLetterTopic() != null) {
            Properties producer = new Properties();
            producer.putAll(c.kafkaProperties());
            out.deadLetters.sinkTo(KafkaSink.<String>builder()
                            .setBootstrapServers(c.bootstrap())
                            .setKafkaProducerConfig(producer)
                            .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                                    .setTopic(c.deadLetterTopic())
                                    .setValueSerializationSchema(new SimpleStringSchema())
                                    .build())
                            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                            .build())
                    .name("dead-letters-kafka").uid("sink-dead-letters-kafka");
        } else {
            PointSinks.deadLettersTo(out.deadLetters, Paths.get(c.deadLetterFile()));
        }
        return env;
    }

    /** A window's serving figures as its point; counts the windows done for the progress lines. */
    static final class ServingPoint extends RichMapFunction<ServingPartial, Point> {
        private static final long serialVersionUID = 1L;
        private final String windowTag;
        private transient Progress progress;

        ServingPoint(String windowTag) {
            this.windowTag = windowTag;
        }

        @Override
        public void open(OpenContext context) {
            progress = Progress.of(getRuntimeContext());
        }

        @Override
        public Point map(ServingPartial s) {
            progress.windowDone();
            return ServingAccumulator.toPoint(s, windowTag);
        }
    }

    /** The keys of a model's feature shards as the job uses them (for the benchmark's skew figure). */
    public static String[] shardKeys(String model, int shards, int parallelism) {
        return ShardKey.balanced(model, shards, Math.max(1, parallelism));
    }

    /**
     * The key of a model's feature shard, chosen so the shards spread evenly over the subtasks: shard s of a
     * model goes to subtask (s + a per-model offset) mod parallelism. A plain hash of "model/shard" leaves some
     * subtasks with twice the shards of others when there are only a few per subtask.
     */
    static final class ShardKey implements KeySelector<PanePartial, String> {
        private static final long serialVersionUID = 1L;
        private final int parallelism;
        private transient Map<String, String[]> keys;

        ShardKey(int parallelism) {
            this.parallelism = Math.max(1, parallelism);
        }

        @Override
        public String getKey(PanePartial p) {
            if (keys == null) keys = new HashMap<>();
            String model = p.model();
            int shard = p.shard();
            String[] k = keys.get(model);
            if (k == null || k.length <= shard) {
                k = balanced(model, Math.max(shard + 1, k == null ? 0 : k.length), parallelism);
                keys.put(model, k);
            }
            // a dated snapshot that serves only some windows is its own key, so its panes make their own windows;
            // a partial for every window keeps the key of earlier releases (savepoints restore as they are)
            return p.servesFrom == Long.MIN_VALUE ? k[shard] : k[shard] + '\u0000' + p.servesFrom;
        }

        static String[] balanced(String model, int shards, int parallelism) {
            String[] k = new String[shards];
            int offset = Math.floorMod(model.hashCode(), parallelism);
            for (int s = 0; s < shards; s++) {
                int target = (s + offset) % parallelism;
                for (int salt = 0; ; salt++) {
                    String candidate = model + '\u0000' + s + '\u0000' + salt;
                    if (KeyGroupRangeAssignment.assignKeyToParallelOperator(candidate, MAX_PARALLELISM, parallelism) == target) {
                        k[s] = candidate;
                        break;
                    }
                }
            }
            return k;
        }
    }
}
