package io.modelwatch.performance;

import io.modelwatch.backfill.SnapshotSource;
import io.modelwatch.influx.Point;
import io.modelwatch.reference.Snapshot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * Folds a model's window's {@link PerformanceEvent}s into its {@link PerformanceAccumulator} and writes its
 * {@code model_performance} point, {@code final=true}, when the window's time is done: in the backfill
 * (BATCH) when the key is done, that is once every event of the window is in.
 */
final class PerformanceWindowFunction extends KeyedProcessFunction<String, PerformanceEvent, Point> {
    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final String windowTag;
    private final PerformanceSettings settings;
    private final SnapshotSource snapshots;

    private transient ValueState<PerformanceAccumulator> state;
    private transient Map<String, Snapshot> byModel;

    /** @param snapshots where the calibration maps come from, or null for none */
    public PerformanceWindowFunction(long windowMillis, String windowTag, PerformanceSettings settings,
                                     SnapshotSource snapshots) {
        this.windowMillis = windowMillis;
        this.windowTag = windowTag;
        this.settings = settings;
        this.snapshots = snapshots;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("performance", PerformanceAccumulatorSerializer.TYPE));
        byModel = snapshots == null ? Map.of() : snapshots.load();
    }

    @Override
    public void processElement(PerformanceEvent e, Context ctx, Collector<Point> out) throws Exception {
        PerformanceAccumulator a = state.value();
        if (a == null) {
            a = new PerformanceAccumulator(settings.task(io.modelwatch.segment.Segments.model(e.model)), settings.threshold());
            ctx.timerService().registerEventTimeTimer(e.windowStart + windowMillis - 1);
        }
        e.addTo(a);
        state.update(a);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Point> out) throws Exception {
        PerformanceAccumulator a = state.value();
        if (a == null) return;
        String key = ctx.getCurrentKey();
        String model = key.substring(0, key.indexOf('\u0000'));
        out.collect(point(model, timestamp + 1, a, true));
        state.clear();
    }

    Point point(String model, long windowEnd, PerformanceAccumulator a, boolean isFinal) {
        // a segment (contract 2b) has the calibration map of its model: reference --labels learns one per model
        Snapshot s = byModel.get(io.modelwatch.segment.Segments.model(model));
        Point.Builder b = io.modelwatch.segment.Segments.tagModel(Point.builder("model_performance"), model)
                .tag("window", windowTag);
        a.writeFields(b, (int) Math.min(Integer.MAX_VALUE, settings.minCount()), s == null ? null : s.calibration);
        return b.field("final", isFinal).timeMillis(windowEnd).build();
    }
}
