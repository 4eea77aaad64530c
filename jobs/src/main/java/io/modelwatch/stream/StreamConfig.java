package io.modelwatch.stream;

import io.modelwatch.drift.DriftSettings;
import io.modelwatch.influx.SinkSpec;
import io.modelwatch.io.RawLine;
import io.modelwatch.performance.LabelConfig;
import io.modelwatch.quality.QualityConfig;
import io.modelwatch.redact.RedactionRules;
import io.modelwatch.slo.SloSettings;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything a {@code stream} run needs, parsed and checked by the CLI (or set by a test); immutable. Made with
 * {@link #builder()}, which starts from the defaults, so a test sets only what it cares about.
 */
public record StreamConfig(
        String bootstrap,
        List<String> topics,
        String groupId,
        String startingOffsets,
        Map<String, String> kafkaProperties,
        boolean bounded,
        String deadLetterTopic,
        long windowMillis,
        long slideMillis,
        long maxOutOfOrdernessMillis,
        long idleTimeoutMillis,
        long allowedLatenessMillis,
        String referenceDir,
        long referenceCheckMillis,
        int grid,
        DriftSettings drift,
        int parallelism,
        int shards,
        long checkpointIntervalMillis,
        String checkpointDir,
        String stateBackend,
        int restartAttempts,
        String savepointDir,
        String fromSavepoint,
        SinkSpec sink,
        String deadLetterFile,
        String labelsTopic,
        LabelConfig labels,
        SloSettings slos,
        RedactionRules redaction,
        QualityConfig quality,
        UnaryOperator<DataStream<RawLine>> beforeParse,
        io.modelwatch.segment.Segmentation segmentation) {
    public StreamConfig {
        topics = List.copyOf(topics);
        kafkaProperties = Collections.unmodifiableMap(new LinkedHashMap<>(kafkaProperties));
    }

    public int panesPerWindow() {
        return (int) (windowMillis / slideMillis);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrap = bootstrap;
        b.topics = topics;
        b.groupId = groupId;
        b.startingOffsets = startingOffsets;
        b.kafkaProperties = kafkaProperties;
        b.bounded = bounded;
        b.deadLetterTopic = deadLetterTopic;
        b.windowMillis = windowMillis;
        b.slideMillis = slideMillis;
        b.maxOutOfOrdernessMillis = maxOutOfOrdernessMillis;
        b.idleTimeoutMillis = idleTimeoutMillis;
        b.allowedLatenessMillis = allowedLatenessMillis;
        b.referenceDir = referenceDir;
        b.referenceCheckMillis = referenceCheckMillis;
        b.grid = grid;
        b.drift = drift;
        b.parallelism = parallelism;
        b.shards = shards;
        b.checkpointIntervalMillis = checkpointIntervalMillis;
        b.checkpointDir = checkpointDir;
        b.stateBackend = stateBackend;
        b.restartAttempts = restartAttempts;
        b.savepointDir = savepointDir;
        b.fromSavepoint = fromSavepoint;
        b.sink = sink;
        b.deadLetterFile = deadLetterFile;
        b.labelsTopic = labelsTopic;
        b.labels = labels;
        b.slos = slos;
        b.redaction = redaction;
        b.quality = quality;
        b.beforeParse = beforeParse;
        b.segmentation = segmentation;
        return b;
    }

    /** Starts from the defaults; {@link #build()} makes the immutable StreamConfig. */
    public static final class Builder {
        private String bootstrap;
        private List<String> topics = List.of();
        private String groupId = "modelwatch-stream";
        private String startingOffsets = "committed";
        private Map<String, String> kafkaProperties = Map.of();
        private boolean bounded;
        private String deadLetterTopic;
        private long windowMillis = 3_600_000L;
        private long slideMillis = 300_000L;
        private long maxOutOfOrdernessMillis = 30_000L;
        private long idleTimeoutMillis = 60_000L;
        private long allowedLatenessMillis = 0L;
        private String referenceDir;
        private long referenceCheckMillis = 30_000L;
        private int grid;
        private DriftSettings drift = DriftSettings.defaults();
        private int parallelism;
        private int shards = 4;
        private long checkpointIntervalMillis = 60_000L;
        private String checkpointDir;
        private String stateBackend = "hashmap";
        private int restartAttempts = -1;
        private String savepointDir;
        private String fromSavepoint;
        private SinkSpec sink;
        private String deadLetterFile;
        private String labelsTopic;
        private LabelConfig labels;
        private SloSettings slos;
        private RedactionRules redaction;
        private QualityConfig quality;
        private UnaryOperator<DataStream<RawLine>> beforeParse = UnaryOperator.identity();
        private io.modelwatch.segment.Segmentation segmentation;

        private Builder() {}

        /** Kafka's bootstrap servers. */
        public Builder bootstrap(String bootstrap) {
            this.bootstrap = bootstrap;
            return this;
        }

        public Builder topics(List<String> topics) {
            this.topics = topics;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** earliest | latest | committed | timestamp:MILLIS (committed falls back to earliest). */
        public Builder startingOffsets(String startingOffsets) {
            this.startingOffsets = startingOffsets;
            return this;
        }

        /** Extra consumer (and dead-letter producer) properties: SASL, TLS, ... */
        public Builder kafkaProperties(Map<String, String> kafkaProperties) {
            this.kafkaProperties = kafkaProperties;
            return this;
        }

        /** Read up to the offsets that are the latest at job start, then finish. */
        public Builder bounded(boolean bounded) {
            this.bounded = bounded;
            return this;
        }

        /** Bad and late records go here (JSON with the reason); null: to the dead-letter file. */
        public Builder deadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
            return this;
        }

        public Builder windowMillis(long windowMillis) {
            this.windowMillis = windowMillis;
            return this;
        }

        public Builder slideMillis(long slideMillis) {
            this.slideMillis = slideMillis;
            return this;
        }

        public Builder maxOutOfOrdernessMillis(long maxOutOfOrdernessMillis) {
            this.maxOutOfOrdernessMillis = maxOutOfOrdernessMillis;
            return this;
        }

        /** A partition without records for this long stops holding the watermark back; 0 = never. */
        public Builder idleTimeoutMillis(long idleTimeoutMillis) {
            this.idleTimeoutMillis = idleTimeoutMillis;
            return this;
        }

        public Builder allowedLatenessMillis(long allowedLatenessMillis) {
            this.allowedLatenessMillis = allowedLatenessMillis;
            return this;
        }

        public Builder referenceDir(String referenceDir) {
            this.referenceDir = referenceDir;
            return this;
        }

        /** How often the reference folder is checked for new snapshot versions; 0 = never after start. */
        public Builder referenceCheckMillis(long referenceCheckMillis) {
            this.referenceCheckMillis = referenceCheckMillis;
            return this;
        }

        public Builder grid(int grid) {
            this.grid = grid;
            return this;
        }

        public Builder drift(DriftSettings drift) {
            this.drift = drift;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** Feature shards per model: the unit of parallel merging and scoring. */
        public Builder shards(int shards) {
            this.shards = shards;
            return this;
        }

        /** 0 = checkpointing off. */
        public Builder checkpointIntervalMillis(long checkpointIntervalMillis) {
            this.checkpointIntervalMillis = checkpointIntervalMillis;
            return this;
        }

        /** null: checkpoints kept by the JobManager (fine locally); a file:// or s3:// URI for real deployments. */
        public Builder checkpointDir(String checkpointDir) {
            this.checkpointDir = checkpointDir;
            return this;
        }

        /** hashmap or rocksdb. */
        public Builder stateBackend(String stateBackend) {
            this.stateBackend = stateBackend;
            return this;
        }

        /** Restarts after a failure: -1 = Flink's default (exponential delay), 0 = none. */
        public Builder restartAttempts(int restartAttempts) {
            this.restartAttempts = restartAttempts;
            return this;
        }

        /** Where stop-with-savepoint writes (the CLI on SIGTERM / Ctrl-C, Flink's REST {@code /jobs/:id/stop}); null: none. */
        public Builder savepointDir(String savepointDir) {
            this.savepointDir = savepointDir;
            return this;
        }

        /** A savepoint (or retained checkpoint) to start from; null: a fresh start. */
        public Builder fromSavepoint(String fromSavepoint) {
            this.fromSavepoint = fromSavepoint;
            return this;
        }

        public Builder sink(SinkSpec sink) {
            this.sink = sink;
            return this;
        }

        /** Dead letters when no dead-letter topic is given. */
        public Builder deadLetterFile(String deadLetterFile) {
            this.deadLetterFile = deadLetterFile;
            return this;
        }

        /** --labels-topic: labels to join (issue 13); null: none. */
        public Builder labelsTopic(String labelsTopic) {
            this.labelsTopic = labelsTopic;
            return this;
        }

        public Builder labels(LabelConfig labels) {
            this.labels = labels;
            return this;
        }

        /** --slos and --slo-step; null: no SLOs. */
        public Builder slos(SloSettings slos) {
            this.slos = slos;
            return this;
        }

        /** --segment-by (contract 2b); null: none. */
        public Builder segmentation(io.modelwatch.segment.Segmentation segmentation) {
            this.segmentation = segmentation;
            return this;
        }

        /** --redact: applied to every stored copy of an input record (issue 16); null: none. */
        public Builder redaction(RedactionRules redaction) {
            this.redaction = redaction;
            return this;
        }

        /** --range-margin, --anomalies, --anomaly-limit (issue 16); null: the defaults. */
        public Builder quality(QualityConfig quality) {
            this.quality = quality;
            return this;
        }

        /** Applied to the prediction lines before they are parsed: a test puts a failing operator there; the CLI leaves it alone. */
        public Builder beforeParse(UnaryOperator<DataStream<RawLine>> beforeParse) {
            this.beforeParse = beforeParse;
            return this;
        }

        public StreamConfig build() {
            return new StreamConfig(bootstrap, topics, groupId, startingOffsets, kafkaProperties, bounded, deadLetterTopic, windowMillis, slideMillis, maxOutOfOrdernessMillis, idleTimeoutMillis, allowedLatenessMillis, referenceDir, referenceCheckMillis, grid, drift, parallelism, shards, checkpointIntervalMillis, checkpointDir, stateBackend, restartAttempts, savepointDir, fromSavepoint, sink, deadLetterFile, labelsTopic, labels, slos, redaction, quality, beforeParse, segmentation);
        }
    }
}
