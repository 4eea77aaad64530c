package io.modelwatch.performance;

import io.modelwatch.io.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The label join, keyed by (model, request_id): a thin wrapper of state and timers around {@link JoinRules}.
 * A prediction is counted in its window at once and kept until its window is final ({@code windowEnd +
 * labelDelay}, an event-time timer that clears it). A label waits in state until the watermark passes its
 * time, so every prediction at or before it has arrived, and is then decided with the labels of the same
 * time in a fixed order. In BATCH mode every timer of a key fires, in time order, when the key is done:
 * the same decisions in the same order, so the backfill and the stream agree.
 *
 * <p>State per key: one prediction (POJO), one flag, the labels not yet decided; all of it gone once the
 * prediction's window is final. Orphan labels count in the window of their own time, at most
 * {@code lastWindowStart} (a backfill's labels may run past {@code --to} by the delay).
 */
final class LabelJoinFunction extends KeyedCoProcessFunction<String, JoinPrediction, JoinLabel, PerformanceEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("join-dead-letters") {};

    private final long paneMillis;
    private final long windowMillis;
    private final long labelDelayMs;
    private final long lastWindowStart;
    private final long ttlMillis;

    private transient ValueState<JoinPrediction> prediction;
    private transient ValueState<Boolean> joined;
    private transient ListState<JoinLabel> pending;

    /**
     * @param paneMillis the unit events are counted in (the stream's slide; the backfill's window)
     * @param ttlMillis  a state TTL (processing time) as a safety net behind the timers; 0 = none (BATCH)
     */
    public LabelJoinFunction(long paneMillis, long windowMillis, long labelDelayMs, long lastWindowStart, long ttlMillis) {
        this.paneMillis = paneMillis;
        this.windowMillis = windowMillis;
        this.labelDelayMs = labelDelayMs;
        this.lastWindowStart = lastWindowStart;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<JoinPrediction> p = new ValueStateDescriptor<>("prediction", JoinPrediction.TYPE);
        ValueStateDescriptor<Boolean> j = new ValueStateDescriptor<>("joined", Types.BOOLEAN);
        ListStateDescriptor<JoinLabel> l = new ListStateDescriptor<>("pending-labels", JoinLabel.TYPE);
        if (ttlMillis > 0) {
            // the timers clear every key; the TTL only bounds what a lost timer (a bug) could leave behind
            StateTtlConfig ttl = StateTtlConfig.newBuilder(java.time.Duration.ofMillis(ttlMillis))
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build();
            p.enableTimeToLive(ttl);
            j.enableTimeToLive(ttl);
            l.enableTimeToLive(ttl);
        }
        prediction = getRuntimeContext().getState(p);
        joined = getRuntimeContext().getState(j);
        pending = getRuntimeContext().getListState(l);
    }

    @Override
    public void processElement1(JoinPrediction p, Context ctx, Collector<PerformanceEvent> out) throws Exception {
        out.collect(PerformanceEvent.prediction(p, JoinRules.windowStart(p.tsMillis, paneMillis)));
        JoinPrediction kept = prediction.value();
        if (kept != null && kept.tsMillis <= p.tsMillis) return; // a repeated request id: the first one joins
        prediction.update(p);
        ctx.timerService().registerEventTimeTimer(JoinRules.finalAt(p.tsMillis, labelDelayMs, paneMillis, windowMillis));
    }

    @Override
    public void processElement2(JoinLabel l, Context ctx, Collector<PerformanceEvent> out) throws Exception {
        pending.add(l);
        ctx.timerService().registerEventTimeTimer(l.tsMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PerformanceEvent> out) throws Exception {
        List<JoinLabel> due = new ArrayList<>(), later = new ArrayList<>();
        Iterable<JoinLabel> all = pending.get();
        if (all != null) for (JoinLabel l : all) (l.tsMillis <= timestamp ? due : later).add(l);
        JoinPrediction p = prediction.value();
        if (!due.isEmpty()) {
            due.sort(JoinLabel::order);
            boolean isJoined = Boolean.TRUE.equals(joined.value());
            for (JoinLabel l : due) {
                byte verdict = JoinRules.classify(p == null ? Long.MIN_VALUE : p.tsMillis, l.tsMillis, labelDelayMs,
                        paneMillis, windowMillis, isJoined);
                if (verdict == JoinRules.JOINED) {
                    isJoined = true;
                    out.collect(PerformanceEvent.labelled(p, l, JoinRules.windowStart(p.tsMillis, paneMillis)));
                    continue;
                }
                long window = verdict == JoinRules.ORPHAN
                        ? Math.min(JoinRules.windowStart(l.tsMillis, paneMillis), lastWindowStart)
                        : JoinRules.windowStart(p.tsMillis, paneMillis);
                // a duplicate or late label counts in its prediction's window, of the prediction's segment; an orphan
                // has no prediction, so no segment: it counts on the model's point without one
                out.collect(PerformanceEvent.counted(verdict == JoinRules.ORPHAN || p == null ? l.model : p.model, window,
                        verdict));
                byte[] bytes = l.line == null ? null : l.line.getBytes(StandardCharsets.UTF_8);
                ctx.output(DEAD_LETTERS, DeadLetter.json(JoinRules.reason(verdict), l.source, l.lineNumber, bytes, 0,
                        bytes == null ? 0 : bytes.length));
            }
            if (isJoined) joined.update(true);
            if (later.isEmpty()) pending.clear();
            else pending.update(later);
        }
        if (p != null && timestamp >= JoinRules.finalAt(p.tsMillis, labelDelayMs, paneMillis, windowMillis)) {
            prediction.clear();
            joined.clear();
        }
    }
}
