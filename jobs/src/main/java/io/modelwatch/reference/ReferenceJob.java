package io.modelwatch.reference;

import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.drift.DriftPartial;
import io.modelwatch.backfill.DriftPartialSerializer;
import io.modelwatch.backfill.DriftPreAggregateOperator;
import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.backfill.FeatureDriftFunction;
import io.modelwatch.backfill.SnapshotSource;
import io.modelwatch.io.RawLine;
import io.modelwatch.io.TextFileSink;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.DeploymentOptions;
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
 * {@code backfill}), and the thresholds of contract 2b come out of {@link ThresholdFunction}. The first pass
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

    /** Wires the first pass; returns one summary line per snapshot written. */
    public static DataStream<String> build(DataStream<RawLine> lines, Path output, long fromMillis, long toMillis,
                                           int grid, int sampleLimit, long exactLimit, Path deadLetter) {
        return build(lines, output, Settings.of(fromMillis, toMillis, grid, sampleLimit, exactLimit), deadLetter, null);
    }

    /** As above, the dead letters redacted by {@code redaction} (null: none) before they are stored. */
    public static DataStream<String> build(DataStream<RawLine> lines, Path output, long fromMillis, long toMillis,
                                           int grid, int sampleLimit, long exactLimit, Path deadLetter,
                                           io.modelwatch.redact.RedactionRules redaction) {
        return build(lines, output, Settings.of(fromMillis, toMillis, grid, sampleLimit, exactLimit), deadLetter, redaction);
    }

    static DataStream<String> build(DataStream<RawLine> lines, Path output, Settings s, Path deadLetter,
                                    io.modelwatch.redact.RedactionRules redaction) {
        SingleOutputStreamOperator<FeatureValues> values = lines
                .transform("parse-and-gather", TypeInformation.of(FeatureValues.class),
                        new ReferencePreAggregateOperator(s.fromMillis(), s.toMillis()))
                .uid("parse-and-gather");
        io.modelwatch.redact.Redaction.deadLetters(values.getSideOutput(ReferencePreAggregateOperator.DEAD_LETTERS), redaction)
                .sinkTo(new TextFileSink(deadLetter)).name("dead-letters").uid("sink-dead-letters").setParallelism(1);
        DataStream<FeatureReferencePart> features = values
                .keyBy(v -> v.model + '\u0000' + v.feature)
                .process(new FeatureReferenceFunction(s.grid(), s.sampleLimit(), s.exactLimit())).name("feature-reference").uid("feature-reference");
        return features
                .connect(values.getSideOutput(ReferencePreAggregateOperator.MODEL_RECORDS))
                .transform("write-snapshots", TypeInformation.of(String.class),
                        new SnapshotWriterOperator(output, s.fromMillis(), s.toMillis(), s.grid(), s.sampleLimit())
                                .validFrom(s.validFromMillis()))
                .uid("write-snapshots")
                .setParallelism(1);
    }

    /**
     * Wires the second pass (contract 2b, calibrated thresholds): the chunks of the input against the snapshots in
     * {@code staged}, out come the thresholds of every feature that had at least 4 chunks of {@code minCount} values.
     */
    static DataStream<FeatureThresholds> calibrate(DataStream<RawLine> lines, Path staged, Settings s, int shards) {
        SnapshotSource snapshots = new SnapshotSource(staged.toAbsolutePath().toString(), 0, false);
        DriftSettings drift = new DriftSettings(false, 0.05, s.minCount());
        SingleOutputStreamOperator<DriftPartial> partials = lines
                .transform("chunk-preaggregate", DriftPartialSerializer.TYPE,
                        new DriftPreAggregateOperator(snapshots, s.chunkMillis(), s.fromMillis(), s.toMillis(), false,
                                shards, 8))
                .uid("chunk-preaggregate");
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

    /** As below, with the default exact limit, valid_from, chunk and min count. */
    public static List<String> run(List<Path> inputs, Path output, long fromMillis, long toMillis, int grid,
                                   int sampleLimit, int parallelism, Path deadLetter) throws Exception {
        return run(inputs, output, Settings.of(fromMillis, toMillis, grid, sampleLimit,
                NumericReferenceBuilder.DEFAULT_EXACT_LIMIT), parallelism, deadLetter, null);
    }

    public static List<String> run(List<Path> inputs, Path output, long fromMillis, long toMillis, int grid,
                                   int sampleLimit, long exactLimit, int parallelism, Path deadLetter) throws Exception {
        return run(inputs, output, Settings.of(fromMillis, toMillis, grid, sampleLimit, exactLimit), parallelism, deadLetter,
                null);
    }

    /** As above, the dead letters redacted by {@code redaction} (null: none). */
    public static List<String> run(List<Path> inputs, Path output, long fromMillis, long toMillis, int grid,
                                   int sampleLimit, long exactLimit, int parallelism, Path deadLetter,
                                   io.modelwatch.redact.RedactionRules redaction) throws Exception {
        return run(inputs, output, Settings.of(fromMillis, toMillis, grid, sampleLimit, exactLimit), parallelism, deadLetter,
                redaction);
    }

    /** Runs both passes; returns one summary line per snapshot written; dead letters redacted by {@code redaction}. */
    public static List<String> run(List<Path> inputs, Path output, Settings s, int parallelism, Path deadLetter,
                                   io.modelwatch.redact.RedactionRules redaction) throws Exception {
        StreamExecutionEnvironment env = BackfillJob.environment(parallelism);
        if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            // Submitted detached (a cluster's REST /jars/run): nothing can be collected back and the second pass
            // cannot wait for the first; the snapshots go to the output folder without thresholds.
            build(BackfillJob.fileSource(env, inputs), output, s, deadLetter, redaction)
                    .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                    .name("summary").uid("sink-summary").setParallelism(1);
            env.execute("modelwatch reference");
            LOG.warn("reference submitted detached: no calibrated thresholds (run it attached for them)");
            return List.of("reference job submitted; snapshots (without calibrated thresholds) go to "
                    + output.toAbsolutePath());
        }
        Files.createDirectories(output);
        Path staging = Files.createTempDirectory(output, ".staging-");
        try {
            DataStream<String> summary = build(BackfillJob.fileSource(env, inputs), staging, s, deadLetter, redaction);
            List<String> staged = new ArrayList<>();
            try (CloseableIterator<String> it = summary.executeAndCollect("modelwatch reference")) {
                it.forEachRemaining(staged::add);
            }
            if (staged.isEmpty()) return List.of();

            StreamExecutionEnvironment env2 = BackfillJob.environment(parallelism);
            int shards = 4 * Math.max(1, env2.getParallelism());
            Map<String, Map<String, DriftThresholds.Feature>> byModel = new HashMap<>();
            try (CloseableIterator<FeatureThresholds> it = calibrate(BackfillJob.fileSource(env2, inputs), staging, s, shards)
                    .executeAndCollect("modelwatch reference: calibrated thresholds")) {
                while (it.hasNext()) {
                    FeatureThresholds t = it.next();
                    byModel.computeIfAbsent(t.model, m -> new TreeMap<>()).put(t.feature, t.toFeature());
                }
            }
            return finish(staging, output, s, byModel);
        } finally {
            deleteTree(staging);
        }
    }

    /** Adds the thresholds to each staged snapshot and writes it into the output under its dated name. */
    private static List<String> finish(Path staging, Path output, Settings s,
                                       Map<String, Map<String, DriftThresholds.Feature>> thresholds) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Snapshot snap : SnapshotFiles.readFiles(staging, true).values()) {
            Map<String, DriftThresholds.Feature> t = thresholds.getOrDefault(snap.model, Map.of());
            Snapshot done = snap.withThresholds(new DriftThresholds(s.chunkMillis(), s.minCount(), t));
            Path file = SnapshotFiles.write(output, done);
            int features = done.numeric().size() + done.categorical().size();
            lines.add(String.format("%s: %d records, %d numeric and %d categorical features, valid from %s, "
                            + "thresholds for %d of %d features -> %s", snap.model, snap.records, snap.numeric().size(),
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
