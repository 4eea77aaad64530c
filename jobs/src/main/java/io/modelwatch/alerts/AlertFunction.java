package io.modelwatch.alerts;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Evaluates one rule on one series (the key): a thin wrapper that keeps an {@link AlertInstance} in keyed
 * state, feeds it points and timers, and writes an {@code alerts} point per transition.
 *
 * <p>State: a threshold instance exists only while pending or firing and is cleared when it resolves or a
 * blip ends. An absence instance exists for every series seen (absence needs to know it), with its timers.
 *
 * <p>Absence timers. Event time where the watermark moves: a timer just after the moment the series becomes
 * overdue. A processing-time timer as well, because a silent stream moves no event time: it fires after the
 * same allowed silence in wall-clock time and declares the series absent only when the watermark has not
 * moved since it was set (otherwise event time is alive and decides; the timer checks again after
 * max(for, 10s)). A timer that fires when the watermark is at +infinity means the input has ended (a
 * bounded stream, or the end of a key in BATCH mode), not that the series went silent: it does nothing. In
 * BATCH mode absence is found from the gaps between points instead ({@link AlertInstance#onPoint}).
 */
final class AlertFunction extends KeyedProcessFunction<String, RuleSample, Point> {
    private static final long serialVersionUID = 1L;
    static final long MIN_RECHECK_MILLIS = 10_000;

    private final AlertRules rules;
    private transient ValueState<String> ruleName;
    private transient ValueState<AlertInstance> instance;
    private transient ValueState<AbsenceWatch> absenceWatch;

    AlertFunction(AlertRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        ruleName = getRuntimeContext().getState(new ValueStateDescriptor<>("rule", String.class));
        instance = getRuntimeContext().getState(new ValueStateDescriptor<>("instance", AlertInstance.class));
        absenceWatch = getRuntimeContext().getState(new ValueStateDescriptor<>("absence", AbsenceWatch.class));
    }

    @Override
    public void processElement(RuleSample sample, Context ctx, Collector<Point> out) throws Exception {
        AlertRule rule = rules.get(sample.rule);
        Point point = sample.point;
        AlertInstance current = instance.value();
        if (current == null) {
            current = rule.isAbsence() ? AlertInstance.watching(windowMillis(point)) : new AlertInstance();
        }
        long timeMillis = Math.floorDiv(point.timestampNanos, 1_000_000L);
        double value = rule.isAbsence() ? Double.NaN : point.number(rule.field());
        emit(rule, point.tagKeys, point.tagValues, current.onPoint(rule, timeMillis, value), out);

        if (rule.isAbsence()) {
            AbsenceWatch watch = absenceWatch.value();
            if (watch == null) watch = new AbsenceWatch();
            watch.tagKeys = point.tagKeys;
            watch.tagValues = point.tagValues;
            deleteTimers(watch, ctx.timerService());
            armTimers(rule, current, watch, ctx.timerService());
            absenceWatch.update(watch);
            ruleName.update(rule.name());
        }
        if (current.isIdle(rule)) {
            instance.clear();
        } else {
            instance.update(current);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Point> out) throws Exception {
        AlertInstance current = instance.value();
        AbsenceWatch watch = absenceWatch.value();
        String name = ruleName.value();
        if (current == null || watch == null || name == null) return;
        AlertRule rule = rules.get(name);
        long watermark = ctx.timerService().currentWatermark();
        if (watermark == Long.MAX_VALUE) return; // end of input, not silence

        List<AlertTransition> transitions = List.of();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (timestamp != watch.eventTimer) return;
            watch.eventTimer = AbsenceWatch.NO_TIMER;
            transitions = current.onSilenceUntil(rule, watermark);
        } else {
            if (timestamp != watch.processingTimer) return;
            watch.processingTimer = AbsenceWatch.NO_TIMER;
            if (watermark == watch.watermarkAtCheck) {
                transitions = current.onSilenceUntil(rule, current.overdueAfterMillis(rule) + 1);
            } else {
                watch.watermarkAtCheck = watermark;
                watch.processingTimer = ctx.timerService().currentProcessingTime()
                        + Math.max(rule.forMillis(), MIN_RECHECK_MILLIS);
                ctx.timerService().registerProcessingTimeTimer(watch.processingTimer);
            }
        }
        if (!transitions.isEmpty()) {
            deleteTimers(watch, ctx.timerService()); // firing: nothing to wait for until the series returns
            emit(rule, watch.tagKeys, watch.tagValues, transitions, out);
        }
        instance.update(current);
        absenceWatch.update(watch);
    }

    private static void armTimers(AlertRule rule, AlertInstance current, AbsenceWatch watch, TimerService timers) {
        if (!current.isWatching(rule)) return;
        watch.eventTimer = current.overdueAfterMillis(rule) + 1;
        timers.registerEventTimeTimer(watch.eventTimer);
        watch.processingTimer = timers.currentProcessingTime() + current.allowedSilenceMillis(rule);
        timers.registerProcessingTimeTimer(watch.processingTimer);
        watch.watermarkAtCheck = timers.currentWatermark();
    }

    private static void deleteTimers(AbsenceWatch watch, TimerService timers) {
        if (watch.eventTimer != AbsenceWatch.NO_TIMER) timers.deleteEventTimeTimer(watch.eventTimer);
        if (watch.processingTimer != AbsenceWatch.NO_TIMER) timers.deleteProcessingTimeTimer(watch.processingTimer);
        watch.eventTimer = AbsenceWatch.NO_TIMER;
        watch.processingTimer = AbsenceWatch.NO_TIMER;
    }

    private static void emit(AlertRule rule, String[] tagKeys, String[] tagValues, List<AlertTransition> transitions,
            Collector<Point> out) {
        for (AlertTransition t : transitions) out.collect(AlertPoints.of(rule, tagKeys, tagValues, t));
    }

    /** The {@code window} tag's length: the first guess of a series' cadence (0 when it has none). */
    private static long windowMillis(Point point) {
        long millis = PrometheusDuration.parseMillis(point.tag("window"));
        return Math.max(millis, 0);
    }
}
