package io.modelwatch.backfill;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.io.JobOutputs;
import io.modelwatch.io.JobParts;
import io.modelwatch.influx.Point;
import io.modelwatch.influx.PointSinks;
import io.modelwatch.io.Durations;
import io.modelwatch.io.JsonLinesFormat;
import io.modelwatch.io.PipelineCounts;
import io.modelwatch.io.PipelineReportOperator;
import io.modelwatch.io.RawLine;
import io.modelwatch.performance.PerformanceJoin;
import io.modelwatch.serving.ServingAccumulator;
import io.modelwatch.serving.ServingPartial;
import io.modelwatch.slo.SloTap;
import io.modelwatch.slo.Slos;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The nightly drift backfill: prediction logs from files, against reference snapshots, in BATCH mode.
 *
 * <pre>
 *  files ─► parse-and-preaggregate ─► DriftPartial ─► keyBy(model,window,shard) ─► merge ─► feature-drift
 *             │  (per subtask,             │                                                    │
 *             │   map-side combine)        └─ ServingPartial ─► keyBy(model,window) ─► merge ─► model_serving
 *             ├─ dead letters ─► file                                                           │
 *             └─ counts ───────────────────────────────────────────────► pipeline ◄─ keyBy(model,window) ─ score
 * </pre>
 *
 * Parsing runs in parallel over files; scoring runs in parallel over feature shards, so more task slots make
 * both faster. Per-window state is bounded by features x grid (plus the values in {@code --ks exact} mode).
 */
public final class BackfillJob {
    public static final String JOB = "backfill";

    private BackfillJob() {}

    public static StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = JobOutputs.baseConfiguration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (parallelism > 0) env.setParallelism(parallelism);
        return env;
    }

    public static DataStream<RawLine> fileSource(StreamExecutionEnvironment env, java.util.List<java.nio.file.Path> files) {
        return fileSource(env, files, "prediction-logs");
    }

    public static DataStream<RawLine> labelSource(StreamExecutionEnvironment env, java.util.List<java.nio.file.Path> files) {
        return fileSource(env, files, "label-files");
    }

    static DataStream<RawLine> fileSource(StreamExecutionEnvironment env, java.util.List<java.nio.file.Path> files,
                                          String name) {
        Path[] paths = files.stream().map(p -> new Path(p.toAbsolutePath().toUri())).toArray(Path[]::new);
        FileSource<RawLine> source = JsonLinesFormat.source(paths);
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), name).uid("source-" + name);
    }

    /** Wires the backfill onto a stream of lines. */
    public static JobOutputs build(DataStream<RawLine> lines, BackfillConfig c) {
        return build(lines, null, c);
    }

    /** Wires the backfill onto a stream of prediction lines and, with {@code c.labels()}, one of label lines. */
    public static JobOutputs build(DataStream<RawLine> lines, DataStream<RawLine> labelLines, BackfillConfig c) {
        io.modelwatch.segment.Segmentation segments = c.segmentation();
        SnapshotSource snapshots = new SnapshotSource(c.referenceDir(), c.grid(), c.drift().exactKs)
                .segmentBy(segments == null ? null : segments.by().key());
        String windowTag = Durations.format(c.windowMillis());

        SingleOutputStreamOperator<DriftPartial> partials = lines
                .transform("parse-and-preaggregate", DriftPartialSerializer.TYPE,
                        new DriftPreAggregateOperator(snapshots, c.windowMillis(), c.fromMillis(), c.toMillis(),
                                c.drift().exactKs, c.shards(), 8).withSlos(c.slos()).withPredictions(c.labels() != null)
                                .withSegments(segments)
                                .withQuality(io.modelwatch.quality.QualityConfig.of(c.quality(), c.redaction())))
                .uid("parse-and-preaggregate");

        DataStream<Point> featurePoints = partials
                .keyBy(p -> p.model() + '\u0000' + p.windowStart() + '\u0000' + p.shard())
                .reduce(DriftPartial::merge).name("merge-drift-partials").uid("merge-drift-partials")
                .flatMap(new FeatureDriftFunction(snapshots, c.drift())).name("feature-drift").uid("feature-drift")
                .keyBy(f -> WindowScoringFunction.key(f.model, f.windowStart))
                .process(new WindowScoringFunction(c.drift(), windowTag)).name("score-windows").uid("score-windows");

        DataStream<Point> servingPoints = partials.getSideOutput(DriftPreAggregateOperator.SERVING)
                .keyBy(s -> s.model + '\u0000' + s.windowStart)
                .reduce(ServingAccumulator::merge).name("merge-serving").uid("merge-serving")
                .map(s -> ServingAccumulator.toPoint(s, windowTag)).name("model-serving").uid("model-serving");

        DataStream<PipelineCounts> counts = partials.getSideOutput(DriftPreAggregateOperator.COUNTS);
        DataStream<Point> all = featurePoints.union(servingPoints,
                io.modelwatch.quality.Quality.backfill(partials.getSideOutput(io.modelwatch.quality.QualityTap.OUTPUT), windowTag))
                .union(partials.getSideOutput(DriftPreAggregateOperator.MULTIVARIATE)
                        .keyBy(p -> p.model() + '\u0000' + p.windowStart())
                        .reduce(io.modelwatch.multivariate.ReconstructionPartial::merge)
                        .name("merge-multivariate").uid("merge-multivariate")
                        .map(p -> io.modelwatch.multivariate.MultivariateFigures.toPoint(p, windowTag))
                        .name("multivariate-drift").uid("multivariate-drift"))
                .union(partials.getSideOutput(DriftPreAggregateOperator.EMBEDDINGS)
                        .keyBy(io.modelwatch.multivariate.EmbeddingWindow::key)
                        .reduce(io.modelwatch.multivariate.EmbeddingWindow::merge)
                        .name("merge-embeddings").uid("merge-embeddings")
                        .map(e -> io.modelwatch.multivariate.EmbeddingFigures.toPoint(e, windowTag))
                        .name("embedding-drift").uid("embedding-drift"));
        if (c.slos() != null) all = all.union(Slos.evaluate(partials.getSideOutput(SloTap.OUTPUT), c.slos()));
        JobParts parts = new JobParts(all, counts, partials.getSideOutput(DriftPreAggregateOperator.DEAD_LETTERS));
        if (c.labels() != null) {
            parts = parts.and(PerformanceJoin.backfill(
                    partials.getSideOutput(DriftPreAggregateOperator.PREDICTIONS), labelLines, c.labels(),
                    c.fromMillis(), c.toMillis(), c.windowMillis(), windowTag, snapshots));
        }
        if (c.quality() != null && c.quality().writesAnomalies()) {
            io.modelwatch.quality.Anomalies.backfill(partials.getSideOutput(io.modelwatch.quality.QualityTap.ANOMALIES),
                    c.quality().anomalies(), c.quality().anomalyLimit());
        }
        return parts.reported(new PipelineReportOperator(JOB, c.toMillis()).withLabels(c.labels() != null), c.redaction());
    }

    /**
     * With {@code --segment-by}: the segments every reader uses (contract 2b), the reference's own segments first,
     * then the input's values in order of first appearance, found by a first pass over the input.
     */
    static BackfillConfig segmented(BackfillConfig c, JobListener listener) throws Exception {
        io.modelwatch.segment.Segmentation s = c.segmentation();
        if (s == null || s.closed()) return c;
        io.modelwatch.reference.SnapshotSet set = new SnapshotSource(c.referenceDir(), c.grid(), c.drift().exactKs)
                .segmentBy(s.by().key()).loadSet();
        java.util.Map<String, java.util.List<String>> seeds = new java.util.TreeMap<>();
        for (io.modelwatch.reference.Snapshot snap : set.all()) {
            if (snap.segment() != null && !seeds.containsKey(snap.model)) seeds.put(snap.model, set.segments(snap.model));
        }
        StreamExecutionEnvironment env = environment(c.parallelism());
        if (listener != null) env.registerJobListener(listener);
        java.util.Map<String, java.util.List<String>> firsts = io.modelwatch.segment.SegmentScan.run(
                fileSource(env, c.inputs()), s, c.fromMillis(), c.toMillis());
        return c.toBuilder().segmentation(s.closedWith(io.modelwatch.segment.SegmentScan.admitted(seeds, firsts, s.max())))
                .build();
    }

    public static JobExecutionResult run(BackfillConfig c) throws Exception {
        return run(c, points -> points, null);
    }

    /**
     * Runs the job; {@code beforeSink} may add to the points (the CLI adds --rules alerts there), {@code listener}
     * (or null) watches it (the CLI's progress lines).
     */
    public static JobExecutionResult run(BackfillConfig c, java.util.function.UnaryOperator<DataStream<Point>> beforeSink,
                                         JobListener listener) throws Exception {
        c = segmented(c, listener);
        StreamExecutionEnvironment env = environment(c.parallelism());
        if (listener != null) env.registerJobListener(listener);
        JobOutputs out = build(fileSource(env, c.inputs()),
                c.labels() == null ? null : labelSource(env, c.labels().files), c);
        PointSinks.sinkTo(beforeSink.apply(out.points), c.sink());
        PointSinks.deadLettersTo(out.deadLetters, c.deadLetter());
        return env.execute("modelwatch backfill " + java.time.Instant.ofEpochMilli(c.fromMillis()) + " .. "
                + java.time.Instant.ofEpochMilli(c.toMillis()));
    }
}
