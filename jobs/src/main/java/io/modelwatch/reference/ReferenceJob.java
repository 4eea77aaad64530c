package io.modelwatch.reference;

import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.io.RawLine;
import io.modelwatch.io.TextFileSink;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds reference snapshots (contract section 2) from prediction logs, in BATCH mode:
 * files -> parse-and-gather (per subtask) -> keyBy(model, feature) -> feature-reference -> write-snapshots.
 * Memory is bounded whatever the number of records (contract 2b): the values travel in chunks through Flink's
 * sorted, disk-spilling batch shuffle, and each feature is built from its own chunks alone, exactly up to
 * {@code exactLimit} values and from a quantile sketch beyond ({@link NumericReferenceBuilder}).
 */
public final class ReferenceJob {
    private ReferenceJob() {}

    /** Wires the job; returns one summary line per snapshot written. */
    public static DataStream<String> build(DataStream<RawLine> lines, Path output, long fromMillis, long toMillis,
                                           int grid, int sampleLimit, long exactLimit, Path deadLetter) {
        return build(lines, output, fromMillis, toMillis, grid, sampleLimit, exactLimit, deadLetter, null);
    }

    /** As above, the dead letters redacted by {@code redaction} (null: none) before they are stored. */
    public static DataStream<String> build(DataStream<RawLine> lines, Path output, long fromMillis, long toMillis,
                                           int grid, int sampleLimit, long exactLimit, Path deadLetter,
                                           io.modelwatch.redact.RedactionRules redaction) {
        SingleOutputStreamOperator<FeatureValues> values = lines
                .transform("parse-and-gather", TypeInformation.of(FeatureValues.class),
                        new ReferencePreAggregateOperator(fromMillis, toMillis))
                .uid("parse-and-gather");
        io.modelwatch.redact.Redaction.deadLetters(values.getSideOutput(ReferencePreAggregateOperator.DEAD_LETTERS), redaction)
                .sinkTo(new TextFileSink(deadLetter)).name("dead-letters").uid("sink-dead-letters").setParallelism(1);
        DataStream<FeatureReferencePart> features = values
                .keyBy(v -> v.model + '\u0000' + v.feature)
                .process(new FeatureReferenceFunction(grid, sampleLimit, exactLimit)).name("feature-reference").uid("feature-reference");
        return features
                .connect(values.getSideOutput(ReferencePreAggregateOperator.MODEL_RECORDS))
                .transform("write-snapshots", TypeInformation.of(String.class),
                        new SnapshotWriterOperator(output, fromMillis, toMillis, grid, sampleLimit))
                .uid("write-snapshots")
                .setParallelism(1);
    }

    /** As below, with the default exact limit. */
    public static List<String> run(List<Path> inputs, Path output, long fromMillis, long toMillis, int grid,
                                   int sampleLimit, int parallelism, Path deadLetter) throws Exception {
        return run(inputs, output, fromMillis, toMillis, grid, sampleLimit, NumericReferenceBuilder.DEFAULT_EXACT_LIMIT,
                parallelism, deadLetter);
    }

    public static List<String> run(List<Path> inputs, Path output, long fromMillis, long toMillis, int grid,
                                   int sampleLimit, long exactLimit, int parallelism, Path deadLetter) throws Exception {
        return run(inputs, output, fromMillis, toMillis, grid, sampleLimit, exactLimit, parallelism, deadLetter, null);
    }

    /** As above, the dead letters redacted by {@code redaction} (null: none). */
    public static List<String> run(List<Path> inputs, Path output, long fromMillis, long toMillis, int grid,
                                   int sampleLimit, long exactLimit, int parallelism, Path deadLetter,
                                   io.modelwatch.redact.RedactionRules redaction) throws Exception {
        StreamExecutionEnvironment env = BackfillJob.environment(parallelism);
        DataStream<String> summary = build(BackfillJob.fileSource(env, inputs), output, fromMillis, toMillis, grid,
                sampleLimit, exactLimit, deadLetter, redaction);
        List<String> lines = new ArrayList<>();
        if (!env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            // Submitted detached (a cluster's REST /jars/run): nothing can be collected back; the summary goes to
            // the TaskManager's log and the snapshots to the output folder.
            summary.sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                    .name("summary").uid("sink-summary").setParallelism(1);
            env.execute("modelwatch reference");
            lines.add("reference job submitted; snapshots go to " + output.toAbsolutePath());
            return lines;
        }
        try (CloseableIterator<String> it = summary.executeAndCollect("modelwatch reference")) {
            it.forEachRemaining(lines::add);
        }
        return lines;
    }
}
