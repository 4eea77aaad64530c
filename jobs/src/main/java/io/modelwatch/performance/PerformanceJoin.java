package io.modelwatch.performance;

import io.modelwatch.backfill.SnapshotSource;
import io.modelwatch.influx.Point;
import io.modelwatch.io.JobParts;
import io.modelwatch.io.RawLine;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the label join and the {@code model_performance} figures onto a job (issue 13):
 * <pre>
 *  predictions ─┐
 *               ├─ keyBy(model, request_id) ─► label-join ─► keyBy(model, window) ─► model-performance
 *  label lines ─► parse-labels ─┘                 └─ dead letters (orphan, late, duplicate)
 * </pre>
 * What it needs of the parse is one small side output ({@link JoinPrediction}); the rest is its own. What it adds to
 * the job (points, the label counts, dead letters) goes through the job's pipeline report with the rest.
 */
public final class PerformanceJoin {

    private PerformanceJoin() {}

    /**
     * The backfill's join: labels in [from, to + delay) (they may come up to the delay after the last
     * prediction), orphans past the range counted in its last window.
     */
    public static JobParts backfill(DataStream<JoinPrediction> predictions, DataStream<RawLine> labelLines,
                                   LabelConfig c, long fromMillis, long toMillis, long windowMillis, String windowTag,
                                   SnapshotSource snapshots) {
        SingleOutputStreamOperator<JoinLabel> labels = labelLines
                .transform("parse-labels", JoinLabel.TYPE, new LabelParseOperator(fromMillis, toMillis + c.labelDelayMs))
                .uid("parse-labels");
        long lastWindowStart = JoinRules.windowStart(toMillis - 1, windowMillis);
        SingleOutputStreamOperator<PerformanceEvent> events = predictions
                .filter(p -> p.requestId != null).name("joinable-predictions").uid("joinable-predictions")
                .connect(labels)
                .keyBy(JoinPrediction::key, JoinLabel::key)
                .process(new LabelJoinFunction(windowMillis, windowMillis, c.labelDelayMs, lastWindowStart, 0), PerformanceEvent.TYPE)
                .name("label-join").uid("label-join");
        // predictions without a request_id cannot be joined; they still count in their window
        DataStream<PerformanceEvent> unjoinable = predictions
                .filter(p -> p.requestId == null).name("unjoinable-predictions").uid("unjoinable-predictions")
                .map(p -> PerformanceEvent.prediction(p, JoinRules.windowStart(p.tsMillis, windowMillis)))
                .returns(PerformanceEvent.TYPE).name("count-unjoinable").uid("count-unjoinable");
        DataStream<Point> points = events.union(unjoinable)
                .keyBy(PerformanceEvent::key)
                .process(new PerformanceWindowFunction(windowMillis, windowTag, c.performance, snapshots))
                .returns(Point.class)
                .name("model-performance").uid("model-performance");
        DataStream<String> deadLetters = labels.getSideOutput(LabelParseOperator.DEAD_LETTERS)
                .union(events.getSideOutput(LabelJoinFunction.DEAD_LETTERS));
        return new JobParts(points, labels.getSideOutput(LabelParseOperator.COUNTS), deadLetters);
    }

    /**
     * The stream's join: events counted per pane ({@code slide}), combined per subtask until the watermark
     * moves, then the keyed windows of {@link PerformanceStreamWindows}. The join's state lives at most a
     * window and the delay past a prediction's pane (its timers clear it); the TTL behind them is twice that.
     */
    public static JobParts stream(DataStream<JoinPrediction> predictions, DataStream<RawLine> labelLines, LabelConfig c,
                                 long windowMillis, long slideMillis, String windowTag,
                                 io.modelwatch.stream.ReferenceLibrary references) {
        SingleOutputStreamOperator<JoinLabel> labels = labelLines
                .transform("parse-labels", JoinLabel.TYPE, new LabelParseOperator(Long.MIN_VALUE, Long.MAX_VALUE))
                .uid("parse-labels");
        long ttl = 2 * (slideMillis + windowMillis + c.labelDelayMs);
        SingleOutputStreamOperator<PerformanceEvent> events = predictions
                .filter(p -> p.requestId != null).name("joinable-predictions").uid("joinable-predictions")
                .connect(labels)
                .keyBy(JoinPrediction::key, JoinLabel::key)
                .process(new LabelJoinFunction(slideMillis, windowMillis, c.labelDelayMs, Long.MAX_VALUE, ttl),
                        PerformanceEvent.TYPE)
                .name("label-join").uid("label-join");
        DataStream<PerformanceEvent> unjoinable = predictions
                .filter(p -> p.requestId == null).name("unjoinable-predictions").uid("unjoinable-predictions")
                .map(p -> PerformanceEvent.prediction(p, JoinRules.windowStart(p.tsMillis, slideMillis)))
                .returns(PerformanceEvent.TYPE).name("count-unjoinable").uid("count-unjoinable");
        DataStream<Point> points = events.union(unjoinable)
                .transform("combine-performance-panes", PerformancePartial.TYPE, new PerformancePaneCombiner(c.performance))
                .uid("combine-performance-panes")
                .keyBy(p -> p.model)
                .process(new PerformanceStreamWindows(windowMillis, slideMillis, c.labelDelayMs, windowTag, c.performance,
                        references))
                .returns(Point.class)
                .name("performance-windows").uid("performance-windows");
        DataStream<String> deadLetters = labels.getSideOutput(LabelParseOperator.DEAD_LETTERS)
                .union(events.getSideOutput(LabelJoinFunction.DEAD_LETTERS));
        return new JobParts(points, labels.getSideOutput(LabelParseOperator.COUNTS), deadLetters);
    }
}
