package io.modelwatch.stream;

import io.modelwatch.drift.DriftSettings;
import io.modelwatch.influx.SinkSpec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@code stream} run needs, parsed and checked by the CLI (or set by a test). Mutable fields with
 * defaults, so tests set what they care about; the job reads it once when it builds the graph.
 */
public final class StreamConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    // Kafka
    public String bootstrap;
    public List<String> topics = new ArrayList<>();
    public String groupId = "modelwatch-stream";
    /** earliest | latest | committed | timestamp:MILLIS (committed falls back to earliest). */
    public String startingOffsets = "committed";
    /** Extra consumer (and dead-letter producer) properties: SASL, TLS, ... */
    public Map<String, String> kafkaProperties = new LinkedHashMap<>();
    /** Read up to the offsets that are the latest at job start, then finish. */
    public boolean bounded;
    /** Bad and late records go here (JSON with the reason); null: to the dead-letter file. */
    public String deadLetterTopic;

    // Event time and windows
    public long windowMillis = 3_600_000L;
    public long slideMillis = 300_000L;
    public long maxOutOfOrdernessMillis = 30_000L;
    /** A partition without records for this long stops holding the watermark back; 0 = never. */
    public long idleTimeoutMillis = 60_000L;
    public long allowedLatenessMillis = 0L;

    // Drift
    public String referenceDir;
    /** How often the reference folder is checked for new snapshot versions; 0 = never after start. */
    public long referenceCheckMillis = 30_000L;
    public int grid;
    public DriftSettings drift = DriftSettings.defaults();

    // Execution
    public int parallelism;
    /** Feature shards per model: the unit of parallel merging and scoring. */
    public int shards = 4;
    /** 0 = checkpointing off. */
    public long checkpointIntervalMillis = 60_000L;
    /** null: checkpoints kept by the JobManager (fine locally); a file:// or s3:// URI for real deployments. */
    public String checkpointDir;
    /** hashmap or rocksdb. */
    public String stateBackend = "hashmap";
    /** Restarts after a failure: -1 = Flink's default (exponential delay), 0 = none. */
    public int restartAttempts = -1;
    /** Where stop-with-savepoint writes (the CLI on SIGTERM / Ctrl-C, Flink's REST {@code /jobs/:id/stop}); null: none. */
    public String savepointDir;
    /** A savepoint (or retained checkpoint) to start from; null: a fresh start. */
    public String fromSavepoint;

    // Outputs
    public SinkSpec sink;
    /** Dead letters when no dead-letter topic is given. */
    public String deadLetterFile;

    /** --labels-topic: labels to join (issue 13); null: none. */
    public String labelsTopic;
    public io.modelwatch.performance.LabelConfig labels;

    /** --slos and --slo-step; null: no SLOs. */
    public io.modelwatch.slo.SloSettings slos;

    /** --range-margin, --anomalies, --anomaly-limit (issue 16); null: the defaults. */
    public io.modelwatch.quality.QualityConfig quality;

    /** --redact: applied to every stored copy of an input record (issue 16); null: none. */
    public io.modelwatch.redact.RedactionRules redaction;

    /** Test hook: the first attempt throws at this record (after a checkpoint completed); 0 = off. */
    public long failAtRecord;

    public int panesPerWindow() {
        return (int) (windowMillis / slideMillis);
    }
}
