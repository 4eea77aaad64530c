package io.modelwatch.cli;

import io.modelwatch.influx.SinkSpec;
import io.modelwatch.io.Durations;
import io.modelwatch.io.Timestamps;
import io.modelwatch.stream.ReferenceLibrary;
import io.modelwatch.stream.StreamConfig;
import io.modelwatch.stream.StreamJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rolling drift and serving figures from prediction logs on Kafka, as a long-running job: "
                + "sliding windows (--window, --slide; tumbling when equal) in event time, computed from panes, against "
                + "reference snapshots that can be replaced while it runs. The same statistics and points as backfill. "
                + "Bad and late records go to the dead letters with the reason. See docs/stream.md."})
final class StreamCommand implements Callable<Integer> {

    @Option(names = "--kafka-bootstrap", required = true, paramLabel = "B", description = "Kafka bootstrap servers, host:port[,host:port].")
    String bootstrap;

    @Option(names = "--kafka-topic", required = true, split = ",", paramLabel = "T", description = "Topic(s) of JSON prediction logs (comma-separated).")
    List<String> topics;

    @Option(names = "--group-id", defaultValue = "modelwatch-stream", description = "Kafka consumer group; offsets are committed to it at each checkpoint (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--starting-offsets", defaultValue = "committed", paramLabel = "WHERE",
            description = "earliest, latest, committed (the group's, else earliest) or timestamp:MILLIS|ISO-8601 (default: ${DEFAULT-VALUE}). A restore from a checkpoint resumes at the checkpoint's offsets.")
    String startingOffsets;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = "A Kafka client property (repeatable), e.g. security.protocol=SASL_SSL; for the consumer and the dead-letter producer.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--bounded", description = "Read up to the offsets that are the latest when the job starts, then finish, emitting the windows still open as at the end of input.")
    boolean bounded;

    @Option(names = "--dead-letter-topic", paramLabel = "T", description = "Kafka topic for bad and late records, each a JSON object with the reason (default: the --dead-letter file).")
    String deadLetterTopic;

    @Option(names = "--reference", required = true, description = "Folder of snapshots (or one snapshot file); a changed or new file is picked up while the job runs.")
    String reference;

    @Option(names = "--reference-check-interval", defaultValue = "30s", description = "How often the reference folder is checked for new snapshot files; 0 = never (default: ${DEFAULT-VALUE}).")
    String referenceCheck;

    @Option(names = "--window", defaultValue = "1h", description = "Window length (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--slide", description = "How often windows end: a divisor of --window (default: 5m, or the window when shorter). Equal to --window: tumbling windows.")
    String slide;

    @Option(names = "--max-out-of-orderness", defaultValue = "30s", description = "How far behind the newest event time a record may be without being late: the watermark lags by this (default: ${DEFAULT-VALUE}).")
    String maxOutOfOrderness;

    @Option(names = "--idle-timeout", defaultValue = "1m", description = "A partition without records this long stops holding back event time; 0 = never (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--allowed-lateness", defaultValue = "0", description = "Records whose slide-long pane closed less than this ago are still counted, and their windows are emitted again; later ones go to the dead letters (default: ${DEFAULT-VALUE}).")
    String allowedLateness;

    @Option(names = "--checkpoint-interval", defaultValue = "60s", description = "Checkpoint every (Kafka offsets committed, sinks flushed); 0 = off (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--checkpoint-dir", paramLabel = "URI", description = "Where checkpoints are stored, e.g. file:///var/lib/modelwatch/checkpoints (default: the JobManager's memory).")
    String checkpointDir;

    @Option(names = "--state-backend", defaultValue = "hashmap", description = "hashmap (on the heap) or rocksdb (on disk, for very many features or models) (default: ${DEFAULT-VALUE}).")
    String stateBackend;

    @Option(names = "--restart-attempts", defaultValue = "-1", description = "Restarts after a failure, from the last checkpoint; -1: Flink's default (exponential back-off, unlimited) (default: ${DEFAULT-VALUE}).")
    int restartAttempts;

    @Option(names = "--savepoint-dir", paramLabel = "DIR", description = "Stop-with-savepoint target: SIGTERM or Ctrl-C stops the job with a savepoint here and prints its path (on a cluster: the default folder of Flink's REST /jobs/:id/stop).")
    String savepointDir;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Start from this savepoint or retained checkpoint (its Kafka offsets, panes and sink positions); every window is written exactly once across the stop.")
    String fromSavepoint;

    @Mixin
    DriftOptions drift;

    @Mixin
    JobOutputOptions out;

    @Mixin
    SegmentOptions segments;

    @Mixin
    QualityOptions quality;

    @Option(names = "--labels-topic", paramLabel = "T",
            description = "Topic of labels (section 1b) to join to the predictions by model and request_id: model_performance "
                    + "points at each window end, refreshed while labels come, final=true after --label-delay (docs/performance.md).")
    String labelsTopic;

    @Mixin
    LabelOptions labels;

    @Option(names = "--parallelism", defaultValue = "0", description = "Task slots to use (default: Flink's default; on the embedded Flink all cores).")
    int parallelism;

    @Option(names = "--shards", defaultValue = "0", description = "Feature shards per model (default: 4 x parallelism).")
    int shards;

    @Override
    public Integer call() throws Exception {
        StreamConfig c = config();
        return out.run("stream", (beforeSink, listener) -> StreamJob.run(c, beforeSink, listener),
                "points in " + c.sink() + ", bad and late records in "
                        + (c.deadLetterTopic() != null ? "topic " + c.deadLetterTopic() : c.deadLetterFile()));
    }

    StreamConfig config() {
        StreamConfig.Builder c = StreamConfig.builder();
        c.slos(out.slos());
        c.redaction(out.redact.rules());
        c.segmentation(segments.segmentation());
        c.quality(quality.config(true));
        c.bootstrap(bootstrap);
        if (topics.stream().anyMatch(String::isBlank)) throw new UsageException("--kafka-topic is empty");
        c.topics(topics);
        c.groupId(groupId);
        c.startingOffsets(startingOffsets(startingOffsets));
        c.kafkaProperties(kafkaProperties);
        c.bounded(bounded);
        c.deadLetterTopic(deadLetterTopic);
        long windowMillis = Durations.parseMillis("--window", window);
        if (windowMillis <= 0) throw new UsageException("--window must be positive");
        long slideMillis = slide != null ? Durations.parseMillis("--slide", slide) : Math.min(300_000L, windowMillis);
        if (slideMillis <= 0 || windowMillis % slideMillis != 0) {
            throw new UsageException("--slide must be positive and divide --window (" + window + ")");
        }
        if (windowMillis / slideMillis > 1000) throw new UsageException("--window / --slide is over 1000 panes");
        c.windowMillis(windowMillis).slideMillis(slideMillis);
        c.maxOutOfOrdernessMillis(nonNegative("--max-out-of-orderness", maxOutOfOrderness));
        c.idleTimeoutMillis(nonNegative("--idle-timeout", idleTimeout));
        c.allowedLatenessMillis(nonNegative("--allowed-lateness", allowedLateness));
        long referenceCheckMillis = nonNegative("--reference-check-interval", referenceCheck);
        c.referenceCheckMillis(referenceCheckMillis);
        int grid = drift.grid();
        c.grid(grid);
        io.modelwatch.drift.DriftSettings driftSettings = drift.settings(false);
        c.drift(driftSettings);
        c.referenceDir(reference);
        try {
            new ReferenceLibrary(reference, grid, referenceCheckMillis).loadNow();
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new UsageException("--reference " + reference + ": " + e.getMessage());
        }
        c.checkpointIntervalMillis(nonNegative("--checkpoint-interval", checkpointInterval));
        c.checkpointDir(checkpointDir);
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw new UsageException("--state-backend must be hashmap or rocksdb");
        }
        c.stateBackend(stateBackend);
        if (restartAttempts < -1) throw new UsageException("--restart-attempts must be -1, 0 or more");
        c.restartAttempts(restartAttempts);
        c.savepointDir(savepointDir == null ? null : uri(savepointDir));
        if (fromSavepoint != null) {
            if (!isUri(fromSavepoint) && !java.nio.file.Files.exists(java.nio.file.Paths.get(fromSavepoint))) {
                throw new UsageException("--from-savepoint " + fromSavepoint + ": no such savepoint");
            }
            c.fromSavepoint(uri(fromSavepoint));
        }
        if (parallelism < 0 || shards < 0) throw new UsageException("--parallelism and --shards must not be negative");
        c.parallelism(parallelism);
        int p = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        c.shards(shards > 0 ? shards : 4 * p);
        SinkSpec spec = out.sink.sinkSpec("file:modelwatch-out/stream.lp");
        c.sink(spec);
        c.deadLetterFile(spec.deadLetterFile().toString());
        if (labelsTopic != null) {
            if (labelsTopic.isBlank()) throw new UsageException("--labels-topic is empty");
            c.labelsTopic(labelsTopic);
            c.labels(labels.config(java.util.List.of(), driftSettings.minCount));
        } else {
            labels.config((String) null, driftSettings.minCount); // --task without labels is refused
        }
        return c.build();
    }

    /** A plain path as an absolute file URI (Flink resolves relative paths against its own working folder). */
    private static String uri(String path) {
        return isUri(path) ? path : java.nio.file.Paths.get(path).toAbsolutePath().toUri().toString();
    }

    /** file:/x, file:///x, s3://b/x (what Flink prints as a savepoint's path); not a plain path. */
    private static boolean isUri(String s) {
        return s.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }

    private static long nonNegative(String option, String text) {
        long v = Durations.parseMillis(option, text);
        if (v < 0) throw new UsageException(option + " must not be negative");
        return v;
    }

    static String startingOffsets(String s) {
        if (s.equals("earliest") || s.equals("latest") || s.equals("committed")) return s;
        if (s.startsWith("timestamp:")) {
            String t = s.substring("timestamp:".length());
            try {
                if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) return "timestamp:" + Long.parseLong(t);
                return "timestamp:" + Timestamps.parseInstant(t).toEpochMilli();
            } catch (RuntimeException e) {
                throw new UsageException("--starting-offsets " + s + ": the time is neither epoch millis nor ISO-8601");
            }
        }
        throw new UsageException("--starting-offsets must be earliest, latest, committed or timestamp:MILLIS");
    }
}
