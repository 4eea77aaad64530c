package io.modelwatch.reference;

import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.backfill.EmbeddedCluster;
import io.modelwatch.drift.DriftPartial;
import io.modelwatch.backfill.DriftPartialSerializer;
import io.modelwatch.backfill.DriftPreAggregateOperator;
import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.backfill.FeatureDriftFunction;
import io.modelwatch.backfill.SnapshotSource;
import io.modelwatch.io.RawLine;
import io.modelwatch.influx.PointSinks;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds reference snapshots (contract section 2) from prediction logs, in BATCH mode, in two passes:
 * <pre>
 *  1. files -> parse-and-gather (per subtask) -> keyBy(model, feature) -> feature-reference -> write-snapshots
 *  2. files -> chunk-preaggregate -> keyBy(model, chunk, shard) -> merge -> chunk-statistics
 *           -> keyBy(model, feature) -> thresholds
 * </pre>
 * Memory is bounded whatever the number of records (contract 2b): the values travel in chunks through Flink's
 * sorted, disk-spilling batch shuffle, and each feature is built from its own chunks alone, exactly up to
 * {@code exactLimit} values and from a quantile sketch beyond ({@link NumericReferenceBuilder}).
 *
 * <p>The second pass needs the finished snapshot (its quantile grid bins the chunks), so it is a second job over
 * the same input: each chunk of {@code --chunk} (aligned to the epoch, as windows are) is a backfill window against
 * the whole reference, with the backfill's own pre-aggregation and calculator (grid-mode KS, the default of
 * {@code backfill}), and the thresholds of contract 2b come out of {@link ThresholdFunction}. It folds the drift
 * figures only ({@code driftOnly}): the multivariate threshold comes from the joint sample in the first pass, so a
 * reconstruction error per record here would be thrown away. The first pass
 * writes into a staging folder inside the output; only the finished snapshots, thresholds included, are moved
 * into the output folder, so a running stream never loads one without its thresholds.
 */
public final class ReferenceJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceJob.class);

    /** What a reference run needs beyond its inputs and output; immutable. */
    public record Settings(long fromMillis, long toMillis, int grid, int sampleLimit, long exactLimit,
                           long validFromMillis, long chunkMillis, long minCount) {
        /** --valid-from absent: the end of the range, or the newest record's time with an open range. */
        public static final long DEFAULT_VALID_FROM = Long.MIN_VALUE;
        public static final long DEFAULT_CHUNK = 3_600_000L;
        public static final long DEFAULT_MIN_COUNT = 30;

        public static Settings of(long fromMillis, long toMillis, int grid, int sampleLimit, long exactLimit) {
            return new Settings(fromMillis, toMillis, grid, sampleLimit, exactLimit, DEFAULT_VALID_FROM, DEFAULT_CHUNK,
                    DEFAULT_MIN_COUNT);
        }
    }

    private ReferenceJob() {}

    /** What the first pass's graph ends in before its sinks: one summary line per snapshot written, and the dead letters. */
    public record Outputs(DataStream<String> summary, DataStream<String> deadLetters) {}

    /** Wires the first pass onto a stream of prediction lines (from files, or from a test): the snapshots into {@code c.output()}. */
    public static Outputs build(DataStream<RawLine> lines, ReferenceConfig c) {
        return build(lines, c.output(), c.settings(), c.redaction(), c.segmentation(), c.jointSample());
    }

    private static Outputs build(DataStream<RawLine> lines, Path output, Settings s,
                                 io.modelwatch.redact.RedactionRules redaction,
                                 io.modelwatch.segment.Segmentation segments, int jointSample) {
        SingleOutputStreamOperator<FeatureValues> values = lines
                .transform("parse-and-gather", TypeInformation.of(FeatureValues.class),
                        new ReferencePreAggregateOperator(s.fromMillis(), s.toMillis()).withSegments(segments)
                                .withJointSample(jointSample).withCalibrationChunk(s.chunkMillis()))
                .uid("parse-and-gather");
        DataStream<FeatureReferencePart> features = values
                .keyBy(v -> v.model + '\u0000' + v.feature)
                .process(new FeatureReferenceFunction(s.grid(), s.sampleLimit(), s.exactLimit())).name("feature-reference").uid("feature-reference");
        DataStream<String> summary = features
                .connect(values.getSideOutput(ReferencePreAggregateOperator.MODEL_RECORDS))
                .transform("write-snapshots", TypeInformation.of(String.class),
                        new SnapshotWriterOperator(output, s.fromMillis(), s.toMillis(), s.grid(), s.sampleLimit())
                                .validFrom(s.validFromMillis()).minCount(s.minCount())
                                .segmentBy(segments == null ? null : segments.by().key()))
                .uid("write-snapshots")
                .setParallelism(1);
        return new Outputs(summary, io.modelwatch.redact.Redaction.deadLetters(
                values.getSideOutput(ReferencePreAggregateOperator.DEAD_LETTERS), redaction));
    }

    /**
     * Wires the second pass (contract 2b, calibrated thresholds): the chunks of the input against the snapshots in
     * {@code staged}, out come the thresholds of every feature that had at least 4 chunks of {@code minCount} values.
     */
    static DataStream<FeatureThresholds> calibrate(DataStream<RawLine> lines, Path staged, Settings s, int shards,
                                                   io.modelwatch.segment.Segmentation segments) {
        SnapshotSource snapshots = new SnapshotSource(staged.toAbsolutePath().toString(), 0, false)
                .segmentBy(segments == null ? null : segments.by().key());
        DriftSettings drift = new DriftSettings(false, 0.05, s.minCount());
        DataStream<DriftPartial> partials = lines
                .transform("chunk-preaggregate", DriftPartialSerializer.TYPE,
                        new DriftPreAggregateOperator(snapshots, s.chunkMillis(), s.fromMillis(), s.toMillis(), false,
                                shards, 8).driftOnly())
                .uid("chunk-preaggregate");
        if (segments != null) {
            // the model's chunks and, read again, each segment's: the model's snapshot and each segment's get
            // thresholds from their own records
            partials = partials.union(lines
                    .transform("chunk-preaggregate-segments", DriftPartialSerializer.TYPE,
                            new DriftPreAggregateOperator(snapshots, s.chunkMillis(), s.fromMillis(), s.toMillis(), false,
                                    shards, 8).driftOnly().withSegments(segments))
                    .uid("chunk-preaggregate-segments"));
        }
        return partials
                .keyBy(p -> p.model() + '\u0000' + p.windowStart() + '\u0000' + p.shard())
                .reduce(DriftPartial::merge).name("merge-chunk-partials").uid("merge-chunk-partials")
                .flatMap(new FeatureDriftFunction(snapshots, drift)).name("chunk-statistics").uid("chunk-statistics")
                .flatMap((FeatureDrift f, Collector<ChunkStatistics> out) -> {
                    // a chunk below --min-count has no statistics: it is not a chunk of this feature
                    if (f.hasStatistics) {
                        out.collect(new ChunkStatistics(f.model, f.feature, f.categorical, f.windowStart, f.calibrationValues()));
                    }
                }).returns(ChunkStatistics.class).name("chunks-with-statistics").uid("chunks-with-statistics")
                .keyBy(c -> c.model + '\u0000' + c.feature)
                .process(new ThresholdFunction()).name("thresholds").uid("thresholds");
    }

    /** Runs both passes on {@code c.inputs()}; returns one summary line per snapshot written. */
    public static List<String> run(ReferenceConfig c) throws Exception {
        return run(c, null);
    }

    /** As {@link #run(ReferenceConfig)}, both passes watched by {@code listener} (or null: the CLI's progress lines). */
    public static List<String> run(ReferenceConfig c, JobListener listener) throws Exception {
        // embedded: the passes share one MiniCluster instead of starting one each (about 1 s per start)
        try (EmbeddedCluster cluster = EmbeddedCluster.startIfLocal(c.parallelism())) {
            return runPasses(c, () -> {
                StreamExecutionEnvironment env = cluster == null ? BackfillJob.environment(c.parallelism())
                        : cluster.environment();
                if (listener != null) env.registerJobListener(listener);
                return env;
            });
        }
    }

    private static List<String> runPasses(ReferenceConfig c,
                                    java.util.function.Supplier<StreamExecutionEnvironment> environments) throws Exception {
        List<Path> inputs = c.inputs();
        Path output = c.output();
        Settings s = c.settings();
        io.modelwatch.segment.Segmentation segments = c.segmentation();
        if (segments != null && !segments.closed()) {
            // a first pass finds the segments, so every reader of both passes agrees on them (contract 2b)
            StreamExecutionEnvironment scan = environments.get();
            segments = segments.closedWith(io.modelwatch.segment.SegmentScan.run(BackfillJob.fileSource(scan, inputs),
                    segments, s.fromMillis(), s.toMillis()));
        }
        StreamExecutionEnvironment env = environments.get();
        if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            // Submitted detached (a cluster's REST /jars/run): nothing can be collected back and the second pass
            // cannot wait for the first; the snapshots go to the output folder without thresholds.
            Outputs out = build(BackfillJob.fileSource(env, inputs), output, s, c.redaction(), segments, c.jointSample());
            PointSinks.deadLettersTo(out.deadLetters(), c.deadLetter());
            out.summary().sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                    .name("summary").uid("sink-summary").setParallelism(1);
            env.execute("modelwatch reference");
            LOG.warn("reference submitted detached: no calibrated thresholds (run it attached for them)");
            return List.of("reference job submitted; snapshots (without calibrated thresholds) go to "
                    + output.toAbsolutePath());
        }
        Files.createDirectories(output);
        Path staging = Files.createTempDirectory(output, ".staging-");
        try {
            Outputs out = build(BackfillJob.fileSource(env, inputs), staging, s, c.redaction(), segments, c.jointSample());
            PointSinks.deadLettersTo(out.deadLetters(), c.deadLetter());
            DataStream<String> summary = out.summary();
            List<String> staged = new ArrayList<>();
            try (CloseableIterator<String> it = summary.executeAndCollect("modelwatch reference")) {
                it.forEachRemaining(staged::add);
            }
            if (staged.isEmpty()) return List.of();

            Collection<Snapshot> snapshots = SnapshotFiles.readFiles(staging, true).values();
            Map<String, Map<String, DriftThresholds.Feature>> byModel = new HashMap<>();
            if (canCalibrate(snapshots, s.minCount())) {
                StreamExecutionEnvironment env2 = environments.get();
                int shards = 4 * Math.max(1, env2.getParallelism());
                try (CloseableIterator<FeatureThresholds> it = calibrate(BackfillJob.fileSource(env2, inputs), staging, s, shards, segments)
                        .executeAndCollect("modelwatch reference: calibrated thresholds")) {
                    while (it.hasNext()) {
                        FeatureThresholds t = it.next();
                        byModel.computeIfAbsent(t.model, m -> new TreeMap<>()).put(t.feature, t.toFeature());
                    }
                }
            } else {
                LOG.info("reference: no snapshot has {} records ({} chunks of --min-count {}), so no feature can get "
                        + "calibrated thresholds; the calibration pass is skipped", recordsToCalibrate(s.minCount()),
                        DriftThresholds.MIN_CHUNKS, s.minCount());
            }
            return finish(snapshots, output, s, byModel);
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Whether the calibration pass can give any feature thresholds: a feature needs {@link DriftThresholds#MIN_CHUNKS}
     * chunks of at least {@code --min-count} values each, and a snapshot's features have at most its records' values
     * (the passes read the same records). Where no snapshot has that many records the pass would find nothing, and
     * running it anyway costs a BATCH job for nothing.
     */
    static boolean canCalibrate(Collection<Snapshot> staged, long minCount) {
        for (Snapshot snap : staged) if (snap.records >= recordsToCalibrate(minCount)) return true;
        return false;
    }

    /** The fewest records a snapshot needs for any of its features to get thresholds. */
    private static long recordsToCalibrate(long minCount) {
        return DriftThresholds.MIN_CHUNKS * Math.max(1, minCount);
    }

    /** Adds the thresholds to each staged snapshot and writes it into the output under its dated name. */
    private static List<String> finish(Collection<Snapshot> staged, Path output, Settings s,
                                       Map<String, Map<String, DriftThresholds.Feature>> thresholds) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Snapshot snap : staged) {
            // thresholds are keyed by series: a segment's own come from its own chunks
            Map<String, DriftThresholds.Feature> t = thresholds.getOrDefault(
                    io.modelwatch.segment.Segments.series(snap.model, snap.segment()), Map.of());
            Snapshot done = snap.withThresholds(new DriftThresholds(s.chunkMillis(), s.minCount(), t));
            Path file = SnapshotFiles.write(output, done);
            int features = done.numeric().size() + done.categorical().size();
            lines.add(String.format("%s: %d records, %d numeric and %d categorical features, valid from %s, "
                            + "thresholds for %d of %d features -> %s",
                    snap.segment() == null ? snap.model : snap.model + " segment " + snap.segment(), snap.records, snap.numeric().size(),
                    snap.categorical().size(), Instant.ofEpochMilli(snap.validFromMillis()), t.size(), features, file));
        }
        return lines;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
