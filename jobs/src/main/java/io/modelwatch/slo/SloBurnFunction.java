package io.modelwatch.slo;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One model under one SLO (the key): a thin wrapper that keeps its {@link SloRing} in keyed state and, every
 * step of event time, writes the {@code slo} points and the burn alerts ({@link SloSteps}).
 *
 * <p>Steps. In a stream an event-time timer at each step's end - 1 (the watermark that says every minute before
 * the step is complete) makes the step and arms the next; a ring with nothing left in any window and no alert
 * firing is dropped, so a model that went away costs nothing once its period has passed. When the watermark is
 * at +infinity (the end of a bounded stream, or the end of the key in a BATCH backfill, where timers only fire
 * then) every step up to the end of the key's last minute with events is made at once, so a backfill and a
 * bounded stream over the same records write the same points.
 */
final class SloBurnFunction extends KeyedProcessFunction<String, SloMinute, Point> {
    private static final long serialVersionUID = 1L;

    private final SloSet slos;
    private final long stepMillis;
    private transient ValueState<SloRing> ring;
    private transient ValueState<String> model;

    SloBurnFunction(SloSettings settings) {
        this.slos = settings.slos;
        this.stepMillis = settings.stepMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        ring = getRuntimeContext().getState(new ValueStateDescriptor<>("slo-ring", SloRingSerializer.TYPE));
        model = getRuntimeContext().getState(new ValueStateDescriptor<>("slo-model", String.class));
    }

    @Override
    public void processElement(SloMinute m, Context ctx, Collector<Point> out) throws Exception {
        SloRing r = ring.value();
        if (r == null) {
            r = new SloRing(slos.get(m.slo).periodMillis());
            model.update(m.model);
        }
        r.add(m.minute, m.good, m.bad);
        long stepEnd = SloSteps.stepEndOf(m.minute, stepMillis);
        if (r.cursor() == Long.MIN_VALUE || stepEnd > r.cursor() * 60_000L) {
            ctx.timerService().registerEventTimeTimer(stepEnd - 1);
        }
        ring.update(r);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Point> out) throws Exception {
        SloRing r = ring.value();
        if (r == null) return;
        String name = model.value();
        Slo slo = slos.get(sloIndex(ctx.getCurrentKey()));
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            long last = SloSteps.stepEndOf(r.lastDataMinute(), stepMillis);
            for (long t = nextStepEnd(r); t <= last; t += stepMillis) {
                SloSteps.step(name, slo, r, t, out::collect, out::collect);
            }
            ring.update(r);
            return;
        }
        long stepEnd = timestamp + 1;
        if (r.cursor() != Long.MIN_VALUE && stepEnd <= r.cursor() * 60_000L) return; // made already
        SloSteps.step(name, slo, r, stepEnd, out::collect, out::collect);
        if (r.isIdle()) {
            ring.clear();
            model.clear();
        } else {
            ring.update(r);
            ctx.timerService().registerEventTimeTimer(stepEnd + stepMillis - 1);
        }
    }

    private long nextStepEnd(SloRing r) {
        if (r.cursor() == Long.MIN_VALUE) return SloSteps.stepEndOf(r.nextMinute(), stepMillis);
        return Math.floorDiv(r.cursor() * 60_000L, stepMillis) * stepMillis + stepMillis;
    }

    static int sloIndex(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('\u0000') + 1));
    }
}
