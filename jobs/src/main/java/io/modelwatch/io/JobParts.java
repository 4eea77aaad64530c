package io.modelwatch.io;

import io.modelwatch.influx.Point;
import io.modelwatch.redact.Redaction;
import io.modelwatch.redact.RedactionRules;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;

/**
 * What a drift job, or a part of one (the label join), has made before its pipeline report: points, the counts
 * of what it read, dead letters. The backfill and the stream end alike: their parts and, with labels, the label
 * join's, through the pipeline report ({@link #reported}).
 */
public record JobParts(DataStream<Point> points, DataStream<PipelineCounts> counts, DataStream<String> deadLetters) {
    /** These parts and {@code more} together. */
    public JobParts and(JobParts more) {
        return new JobParts(points.union(more.points), counts.union(more.counts), deadLetters.union(more.deadLetters));
    }

    /**
     * The points through {@code report} (one task: it sums every subtask's counts into the job's {@code pipeline}
     * point), the dead letters redacted by {@code redaction} (null: as they are).
     */
    public JobOutputs reported(TwoInputStreamOperator<Point, PipelineCounts, Point> report, RedactionRules redaction) {
        DataStream<Point> reported = points
                .connect(counts)
                .transform("pipeline-report", TypeInformation.of(Point.class), report)
                .uid("pipeline-report")
                .setParallelism(1);
        return new JobOutputs(reported, Redaction.deadLetters(deadLetters, redaction));
    }
}
