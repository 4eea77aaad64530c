package io.modelwatch.performance;

import io.modelwatch.influx.Point;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.stream.ReferenceLibrary;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stream's {@code model_performance} windows, keyed by model (section 3e's timing). State: one
 * accumulator per pane ({@code --slide}) in its byte form, and the windows not yet final with a flag that
 * says whether a label came since their last point. A window [E - window, E) is written at E (timer E - 1,
 * where the drift windows fire), again at each later slide boundary if labels came in between, and a last
 * time with {@code final=true} at E + delay - 1, when every label that can join its predictions has been
 * decided. A pane is dropped once every window holding it is final.
 */
final class PerformanceStreamWindows extends KeyedProcessFunction<String, PerformancePartial, Point> {
    private static final long serialVersionUID = 1L;

    private final long windowMillis, slideMillis, labelDelayMs;
    private final String windowTag;
    private final PerformanceSettings settings;
    private final ReferenceLibrary references;

    private transient MapState<Long, byte[]> panes;
    /** Window end -> a label (or prediction) came since its last point. */
    private transient MapState<Long, Boolean> windows;

    PerformanceStreamWindows(long windowMillis, long slideMillis, long labelDelayMs, String windowTag,
                             PerformanceSettings settings, ReferenceLibrary references) {
        this.windowMillis = windowMillis;
        this.slideMillis = slideMillis;
        this.labelDelayMs = labelDelayMs;
        this.windowTag = windowTag;
        this.settings = settings;
        this.references = references;
    }

    @Override
    public void open(OpenContext openContext) {
        panes = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-panes", Types.LONG,
                org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("performance-windows", Types.LONG, Types.BOOLEAN));
    }

    @Override
    public void processElement(PerformancePartial p, Context ctx, Collector<Point> out) throws Exception {
        byte[] old = panes.get(p.paneStart);
        if (old == null) {
            panes.put(p.paneStart, p.state);
        } else {
            panes.put(p.paneStart, PerformanceAccumulator.fromBytes(old).merge(PerformanceAccumulator.fromBytes(p.state)).toBytes());
        }
        long watermark = ctx.timerService().currentWatermark();
        for (long end = p.paneStart + slideMillis; end <= p.paneStart + windowMillis; end += slideMillis) {
            if (end + labelDelayMs - 1 <= watermark) continue; // final already (a late partial): nothing to refresh
            if (!windows.contains(end)) {
                ctx.timerService().registerEventTimeTimer(end - 1);
                ctx.timerService().registerEventTimeTimer(end + labelDelayMs - 1);
            }
            windows.put(end, true);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Point> out) throws Exception {
        String model = ctx.getCurrentKey();
        List<Long> done = new ArrayList<>();
        boolean alive = false;
        for (Map.Entry<Long, Boolean> w : windows.entries()) {
            long end = w.getKey();
            if (end - 1 > timestamp) {
                alive = true;
                continue;
            }
            boolean isFinal = end + labelDelayMs - 1 <= timestamp;
            boolean first = end - 1 == timestamp;
            boolean boundary = (timestamp - (end - 1)) % slideMillis == 0;
            if (isFinal || first || (boundary && w.getValue())) {
                out.collect(point(model, end, isFinal));
                if (isFinal) done.add(end);
                else w.setValue(false);
            }
            if (!isFinal) alive = true;
        }
        for (long end : done) windows.remove(end);
        List<Long> drop = new ArrayList<>();
        for (long start : panes.keys()) if (start + windowMillis + labelDelayMs - 1 <= timestamp) drop.add(start);
        for (long start : drop) panes.remove(start);
        // refreshes happen at slide boundaries: ask for the next one while a window is still open to labels
        if (alive) {
            long next = (Math.floorDiv(timestamp + 1, slideMillis) + 1) * slideMillis - 1;
            ctx.timerService().registerEventTimeTimer(next);
        }
    }

    private Point point(String model, long end, boolean isFinal) throws Exception {
        String whole = io.modelwatch.segment.Segments.model(model); // a segment's task and calibration are its model's
        PerformanceAccumulator a = new PerformanceAccumulator(settings.task(whole), settings.threshold());
        for (long start = end - windowMillis; start < end; start += slideMillis) {
            byte[] bytes = panes.get(start);
            if (bytes != null) a.merge(PerformanceAccumulator.fromBytes(bytes));
        }
        ReferenceLibrary.Versioned ref = references == null ? null : references.current(whole, end - windowMillis);
        Snapshot s = ref == null ? null : ref.snapshot;
        Point.Builder b = io.modelwatch.segment.Segments.tagModel(Point.builder("model_performance"), model)
                .tag("window", windowTag);
        a.writeFields(b, settings.minCount(), s == null ? null : s.calibration);
        return b.field("final", isFinal).timeMillis(end).build();
    }
}
