package io.modelwatch.reference;

import io.modelwatch.redact.RedactionRules;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a {@code reference} run needs, parsed and checked by the CLI (or set by a test); immutable. Made
 * with {@link #builder()}, which starts from the CLI's defaults.
 */
public record ReferenceConfig(
        List<Path> inputs,
        Path output,
        long fromMillis,
        long toMillis,
        int grid,
        int sampleLimit,
        long exactLimit,
        long validFromMillis,
        long chunkMillis,
        long minCount,
        int parallelism,
        Path deadLetter,
        RedactionRules redaction,
        io.modelwatch.segment.Segmentation segmentation,
        int jointSample) {
    public ReferenceConfig {
        inputs = List.copyOf(inputs);
    }

    /** The figures both passes use. */
    ReferenceJob.Settings settings() {
        return new ReferenceJob.Settings(fromMillis, toMillis, grid, sampleLimit, exactLimit, validFromMillis, chunkMillis,
                minCount);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults; {@link #build()} makes the immutable ReferenceConfig. */
    public static final class Builder {
        private List<Path> inputs = List.of();
        private Path output;
        private long fromMillis = Long.MIN_VALUE;
        private long toMillis = Long.MAX_VALUE;
        private int grid = 1000;
        private int sampleLimit = 10_000;
        private long exactLimit = NumericReferenceBuilder.DEFAULT_EXACT_LIMIT;
        private long validFromMillis = ReferenceJob.Settings.DEFAULT_VALID_FROM;
        private long chunkMillis = ReferenceJob.Settings.DEFAULT_CHUNK;
        private long minCount = ReferenceJob.Settings.DEFAULT_MIN_COUNT;
        private int parallelism;
        private Path deadLetter;
        private RedactionRules redaction;
        private io.modelwatch.segment.Segmentation segmentation;
        private int jointSample = io.modelwatch.multivariate.JointSamples.DEFAULT_ROWS;

        private Builder() {}

        /** The prediction log files ({@link ReferenceJob#run}; {@link ReferenceJob#build} takes its source instead). */
        public Builder inputs(List<Path> inputs) {
            this.inputs = inputs;
            return this;
        }

        /** The folder the snapshots are written to. */
        public Builder output(Path output) {
            this.output = output;
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

        /** Quantile grid size G, a multiple of 10. */
        public Builder grid(int grid) {
            this.grid = grid;
            return this;
        }

        /** Values kept per numeric feature for exact KS. */
        public Builder sampleLimit(int sampleLimit) {
            this.sampleLimit = sampleLimit;
            return this;
        }

        /** Values up to which a feature's quantiles are exact; a sketch beyond. */
        public Builder exactLimit(long exactLimit) {
            this.exactLimit = exactLimit;
            return this;
        }

        /** --valid-from; DEFAULT_VALID_FROM: the end of the range, or the newest record's time with an open range. */
        public Builder validFromMillis(long validFromMillis) {
            this.validFromMillis = validFromMillis;
            return this;
        }

        /** --chunk: the windows the thresholds are calibrated on. */
        public Builder chunkMillis(long chunkMillis) {
            this.chunkMillis = chunkMillis;
            return this;
        }

        /** --min-count of the calibration chunks. */
        public Builder minCount(long minCount) {
            this.minCount = minCount;
            return this;
        }

        /** Task slots; 0 = Flink's default. */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder deadLetter(Path deadLetter) {
            this.deadLetter = deadLetter;
            return this;
        }

        /** --redact: applied to the dead letters before they are stored (issue 16); null: none. */
        public Builder redaction(RedactionRules redaction) {
            this.redaction = redaction;
            return this;
        }

        /** --segment-by (contract 2b): a snapshot per segment as well as the model's; null: none. */
        /**
         * --joint-sample: records per model (and segment) kept whole for the multivariate PCA (contract 2b, 3d);
         * 0: none, so the snapshot has no reconstruction and no multivariate_drift is computed against it.
         */
        public Builder jointSample(int rows) {
            this.jointSample = rows;
            return this;
        }

        public Builder segmentation(io.modelwatch.segment.Segmentation segmentation) {
            this.segmentation = segmentation;
            return this;
        }

        public ReferenceConfig build() {
            return new ReferenceConfig(inputs, output, fromMillis, toMillis, grid, sampleLimit, exactLimit, validFromMillis, chunkMillis, minCount, parallelism, deadLetter, redaction, segmentation, jointSample);
        }
    }
}
