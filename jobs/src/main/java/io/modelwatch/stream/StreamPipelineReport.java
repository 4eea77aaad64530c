package io.modelwatch.stream;

import io.modelwatch.influx.Point;
import io.modelwatch.io.PipelineCounts;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes the stream job's points through (each with its own time as the record timestamp, for the alert rules),
 * counting them, and writes the job's own health as a {@code pipeline} point (job=stream) each time event time
 * passes a slide boundary: records read, bad records, late records and points written since the job started, timed at that
 * boundary; at the end of a bounded run, one more at the last window end. The totals are checkpointed, so a
 * restart neither loses nor double-counts them. Runs with parallelism 1.
 */
final class StreamPipelineReport extends AbstractStreamOperator<Point>
        implements TwoInputStreamOperator<Point, PipelineCounts, Point> {
    private static final long serialVersionUID = 1L;

    private final String job;
    private final long slide;
    private transient long recordsIn, badRecords, lateRecords, pointsOut, lastReported, lastWindowEnd;
    private transient ListState<Long> totals;

    StreamPipelineReport(String job, long slide) {
        this.job = job;
        this.slide = slide;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        totals = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("totals", Types.LONG));
        lastReported = Long.MIN_VALUE;
        lastWindowEnd = Long.MIN_VALUE;
        if (context.isRestored()) {
            java.util.List<Long> t = new java.util.ArrayList<>();
            for (Long v : totals.get()) t.add(v);
            if (t.size() >= 5) { // 5 before late records were counted: they start at 0
                recordsIn = t.get(0);
                badRecords = t.get(1);
                pointsOut = t.get(2);
                lastReported = t.get(3);
                lastWindowEnd = t.get(4);
                lateRecords = t.size() > 5 ? t.get(5) : 0;
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        totals.update(java.util.List.of(recordsIn, badRecords, pointsOut, lastReported, lastWindowEnd, lateRecords));
    }

    @Override
    public void processElement1(StreamRecord<Point> element) {
        pointsOut++;
        Point p = element.getValue();
        long millis = Math.floorDiv(p.timestampNanos, 1_000_000L);
        lastWindowEnd = Math.max(lastWindowEnd, millis);
        output.collect(element.replace(p, millis));
    }

    @Override
    public void processElement2(StreamRecord<PipelineCounts> element) {
        recordsIn += element.getValue().recordsIn;
        badRecords += element.getValue().badRecords;
        lateRecords += element.getValue().late;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long t = mark.getTimestamp();
        boolean end = t == Long.MAX_VALUE;
        long boundary = end ? Math.max(lastWindowEnd, lastReported) : Math.floorDiv(t, slide) * slide;
        if (recordsIn > 0 && lastWindowEnd != Long.MIN_VALUE && (end || boundary > lastReported)) {
            lastReported = boundary;
            output.collect(new StreamRecord<>(Point.builder("pipeline")
                    .tag("job", job)
                    .intField("records_in", recordsIn)
                    .intField("bad_records", badRecords)
                    .intField("late_records", lateRecords)
                    .intField("points_out", pointsOut)
                    .timeMillis(boundary)
                    .build(), boundary));
        }
        super.processWatermark(mark);
    }
}
