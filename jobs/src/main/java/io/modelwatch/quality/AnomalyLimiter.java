package io.modelwatch.quality;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stream's anomaly records, keyed by model: at most {@code limit} per model and window of --window (aligned
 * to the epoch, so each record is in exactly one), in the order they arrive (each pane part of the
 * pre-aggregation already keeps its own first ones in event time). The counts are keyed state, so the limit
 * holds across restarts; a replay after a failure may write a record again (at least once): the copies have the
 * same source and line_number (the Kafka partition and offset), as dead letters do.
 */
final class AnomalyLimiter extends KeyedProcessFunction<String, AnomalyRecord, String> {
    private static final long serialVersionUID = 1L;

    private final long window, keep;
    private final int limit;
    private transient MapState<Long, Integer> written;

    /** {@code keep}: how long after a window's end its count is kept (late records within the lateness). */
    AnomalyLimiter(long window, long keep, int limit) {
        this.window = window;
        this.keep = keep;
        this.limit = limit;
    }

    @Override
    public void open(OpenContext context) {
        written = getRuntimeContext().getMapState(new MapStateDescriptor<>("anomalies-written", Types.LONG, Types.INT));
    }

    @Override
    public void processElement(AnomalyRecord a, Context ctx, Collector<String> out) throws Exception {
        long start = Math.floorDiv(a.tsMillis, window) * window;
        Integer n = written.get(start);
        if (n == null) {
            n = 0;
            ctx.timerService().registerEventTimeTimer(start + window + keep);
        }
        if (n >= limit) return;
        written.put(start, n + 1);
        out.collect(a.json);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        written.remove(timestamp - window - keep);
    }
}
