package io.modelwatch.backfill;

import io.modelwatch.drift.DriftSettings;
import io.modelwatch.influx.SinkSpec;
import io.modelwatch.performance.LabelConfig;
import io.modelwatch.quality.QualityConfig;
import io.modelwatch.redact.RedactionRules;
import io.modelwatch.slo.SloSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a backfill run needs, parsed and checked by the CLI (or set by a test); immutable. Made with
 * {@link #builder()}, which starts from the defaults.
 */
public record BackfillConfig(
        List<Path> inputs,
        String referenceDir,
        long fromMillis,
        long toMillis,
        long windowMillis,
        DriftSettings drift,
        int grid,
        int parallelism,
        int shards,
        SinkSpec sink,
        Path deadLetter,
        SloSettings slos,
        LabelConfig labels,
        RedactionRules redaction,
        QualityConfig quality,
        io.modelwatch.segment.Segmentation segmentation) {
    public BackfillConfig {
        inputs = List.copyOf(inputs);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.inputs = inputs;
        b.referenceDir = referenceDir;
        b.fromMillis = fromMillis;
        b.toMillis = toMillis;
        b.windowMillis = windowMillis;
        b.drift = drift;
        b.grid = grid;
        b.parallelism = parallelism;
        b.shards = shards;
        b.sink = sink;
        b.deadLetter = deadLetter;
        b.slos = slos;
        b.labels = labels;
        b.redaction = redaction;
        b.quality = quality;
        b.segmentation = segmentation;
        return b;
    }

    /** Starts from the defaults; {@link #build()} makes the immutable BackfillConfig. */
    public static final class Builder {
        private List<Path> inputs = List.of();
        private String referenceDir;
        private long fromMillis = Long.MIN_VALUE;
        private long toMillis = Long.MAX_VALUE;
        private long windowMillis = 3_600_000L;
        private DriftSettings drift = DriftSettings.defaults();
        private int grid;
        private int parallelism;
        private int shards = 8;
        private SinkSpec sink;
        private Path deadLetter;
        private SloSettings slos;
        private LabelConfig labels;
        private RedactionRules redaction;
        private QualityConfig quality;
        private io.modelwatch.segment.Segmentation segmentation;

        private Builder() {}

        /** The prediction log files ({@link BackfillJob#run}; {@link BackfillJob#build} takes its source instead). */
        public Builder inputs(List<Path> inputs) {
            this.inputs = inputs;
            return this;
        }

        public Builder referenceDir(String referenceDir) {
            this.referenceDir = referenceDir;
            return this;
        }

        public Builder fromMillis(long fromMillis) {
            this.fromMillis = fromMillis;
            return this;
        }

        public Builder toMillis(long toMillis) {
            this.toMillis = toMillis;
            return this;
        }

        public Builder windowMillis(long windowMillis) {
            this.windowMillis = windowMillis;
            return this;
        }

        public Builder drift(DriftSettings drift) {
            this.drift = drift;
            return this;
        }

        /** Grid size used for the histograms; 0 = the snapshot's own. */
        public Builder grid(int grid) {
            this.grid = grid;
            return this;
        }

        /** Task slots; 0 = Flink's default. */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** Feature shards per model and window: the unit of parallel scoring. */
        public Builder shards(int shards) {
            this.shards = shards;
            return this;
        }

        public Builder sink(SinkSpec sink) {
            this.sink = sink;
            return this;
        }

        public Builder deadLetter(Path deadLetter) {
            this.deadLetter = deadLetter;
            return this;
        }

        /** --slos and --slo-step; null: no SLOs. */
        public Builder slos(SloSettings slos) {
            this.slos = slos;
            return this;
        }

        /** Labels to join (issue 13); null: none. */
        public Builder labels(LabelConfig labels) {
            this.labels = labels;
            return this;
        }

        /** --redact: applied to every stored copy of an input record (issue 16); null: none. */
        public Builder redaction(RedactionRules redaction) {
            this.redaction = redaction;
            return this;
        }

        /** --segment-by (contract 2b); null: none. */
        public Builder segmentation(io.modelwatch.segment.Segmentation segmentation) {
            this.segmentation = segmentation;
            return this;
        }

        /** --range-margin, --anomalies, --anomaly-limit (issue 16); null: the defaults. */
        public Builder quality(QualityConfig quality) {
            this.quality = quality;
            return this;
        }

        public BackfillConfig build() {
            return new BackfillConfig(inputs, referenceDir, fromMillis, toMillis, windowMillis, drift, grid, parallelism, shards, sink, deadLetter, slos, labels, redaction, quality, segmentation);
        }
    }
}
