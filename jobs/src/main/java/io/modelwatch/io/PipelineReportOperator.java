package io.modelwatch.io;

import io.modelwatch.influx.Point;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes a job's points through, counting them, and when all input has ended writes the job's own health as
 * the {@code pipeline} point: records read, bad records, late records, points written (not counting itself). Its time is the
 * end of the job's range, so a rerun of the same backfill overwrites it. Runs with parallelism 1.
 */
public final class PipelineReportOperator extends AbstractStreamOperator<Point>
        implements TwoInputStreamOperator<Point, PipelineCounts, Point>, BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    private final String job;
    private final long timeMillis;
    private transient long pointsOut;
    private transient PipelineCounts counts;
    private transient int ended;

    public PipelineReportOperator(String job, long timeMillis) {
        this.job = job;
        this.timeMillis = timeMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        counts = new PipelineCounts();
    }

    @Override
    public void processElement1(StreamRecord<Point> element) {
        pointsOut++;
        // Each point leaves with its own time as the record's timestamp: BATCH mode sorts a key's records by
        // timestamp, which is what lets the alert rules read every series in time order.
        Point p = element.getValue();
        output.collect(element.replace(p, Math.floorDiv(p.timestampNanos, 1_000_000L)));
    }

    @Override
    public void processElement2(StreamRecord<PipelineCounts> element) {
        counts.add(element.getValue());
    }

    @Override
    public void endInput(int inputId) {
        if (++ended < 2) return;
        output.collect(new StreamRecord<>(Point.builder("pipeline")
                .tag("job", job)
                .intField("records_in", counts.recordsIn)
                .intField("bad_records", counts.badRecords)
                .intField("late_records", counts.late)
                .intField("points_out", pointsOut)
                .timeMillis(timeMillis)
                .build(), timeMillis));
    }
}
