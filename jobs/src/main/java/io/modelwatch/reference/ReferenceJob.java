package io.modelwatch.reference;

import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.io.RawLine;
import io.modelwatch.influx.PointSinks;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobListener;
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

    /** What the job's graph ends in before its sinks: one summary line per snapshot written, and the dead letters. */
    public record Outputs(DataStream<String> summary, DataStream<String> deadLetters) {}

    /** Wires the job onto a stream of prediction lines (from files, or from a test). */
    public static Outputs build(DataStream<RawLine> lines, ReferenceConfig c) {
        SingleOutputStreamOperator<FeatureValues> values = lines
                .transform("parse-and-gather", TypeInformation.of(FeatureValues.class),
                        new ReferencePreAggregateOperator(c.fromMillis(), c.toMillis()))
                .uid("parse-and-gather");
        DataStream<FeatureReferencePart> features = values
                .keyBy(v -> v.model + '\u0000' + v.feature)
                .process(new FeatureReferenceFunction(c.grid(), c.sampleLimit(), c.exactLimit()))
                .name("feature-reference").uid("feature-reference");
        DataStream<String> summary = features
                .connect(values.getSideOutput(ReferencePreAggregateOperator.MODEL_RECORDS))
                .transform("write-snapshots", TypeInformation.of(String.class),
                        new SnapshotWriterOperator(c.output(), c.fromMillis(), c.toMillis(), c.grid(), c.sampleLimit()))
                .uid("write-snapshots")
                .setParallelism(1);
        return new Outputs(summary, io.modelwatch.redact.Redaction.deadLetters(
                values.getSideOutput(ReferencePreAggregateOperator.DEAD_LETTERS), c.redaction()));
    }

    /** Runs the job on {@code c.inputs()}; returns one summary line per snapshot written. */
    public static List<String> run(ReferenceConfig c) throws Exception {
        return run(c, null);
    }

    /** As {@link #run(ReferenceConfig)}, watched by {@code listener} (or null: the CLI's progress lines). */
    public static List<String> run(ReferenceConfig c, JobListener listener) throws Exception {
        StreamExecutionEnvironment env = BackfillJob.environment(c.parallelism());
        if (listener != null) env.registerJobListener(listener);
        Outputs out = build(BackfillJob.fileSource(env, c.inputs()), c);
        PointSinks.deadLettersTo(out.deadLetters(), c.deadLetter());
        DataStream<String> summary = out.summary();
        Path output = c.output();
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
