package io.modelwatch.alerts;

import io.modelwatch.influx.Point;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator around the state machine: what it emits, and that it leaves no timers or state behind. */
class AlertFunctionHarnessTest {
    static final long MIN = 60_000;
    static final AlertRules RULES = AlertRules.of(
            AlertRule.threshold("HighErrorRate", "model_serving", "error_rate", Comparison.GREATER, 0.05, 5 * MIN, "P1")
                    .withAnnotations("Error rate above 5%", "{{ $labels.model }}: error rate {{ $value }}"),
            AlertRule.absence("AIServiceDown", "model_serving", MIN, "P0"));

    private KeyedOneInputStreamOperatorTestHarness<String, RuleSample, Point> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RuleSample, Point> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertFunction(RULES)), RuleSample::alertKey, Types.STRING);
    }

    static Point serving(String model, long minute, double errorRate) {
        return Point.builder("model_serving").tag("model", model).tag("window", "5m")
                .field("error_rate", errorRate).intField("count", 100).timeMillis(minute * MIN).build();
    }

    private void send(String rule, Point point) throws Exception {
        harness.processElement(new StreamRecord<>(new RuleSample(rule, point), point.timestampNanos / 1_000_000 - 1));
    }

    private List<Point> output() {
        List<Point> points = harness.extractOutputValues();
        harness.getOutput().clear();
        return points;
    }

    @Test
    void aThresholdAlertFiresOnceResolvesOnceAndLeavesNoStateOrTimers() throws Exception {
        for (int m = 0; m <= 7; m++) send("HighErrorRate", serving("fraud", m, 0.2));
        send("HighErrorRate", serving("fraud", 8, 0.01));
        List<Point> alerts = output();
        assertThat(alerts).hasSize(2);

        Point firing = alerts.get(0);
        assertThat(firing.measurement).isEqualTo("alerts");
        assertThat(firing.tagKeys).containsExactly("model", "rule", "severity", "window");
        assertThat(firing.tagValues).containsExactly("fraud", "HighErrorRate", "P1", "5m");
        assertThat(firing.string("state")).isEqualTo("firing");
        assertThat(firing.number("value")).isEqualTo(0.2);
        assertThat(firing.number("threshold")).isEqualTo(0.05);
        assertThat(firing.string("summary")).isEqualTo("Error rate above 5%");
        assertThat(firing.string("description")).isEqualTo("fraud: error rate 0.2");
        assertThat(firing.timestampNanos).isEqualTo(5 * MIN * 1_000_000);

        Point resolved = alerts.get(1);
        assertThat(resolved.string("state")).isEqualTo("resolved");
        assertThat(resolved.number("value")).isEqualTo(0.01);
        assertThat(resolved.timestampNanos).isEqualTo(8 * MIN * 1_000_000);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aBlipLeavesNoState() throws Exception {
        send("HighErrorRate", serving("fraud", 0, 0.2));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        send("HighErrorRate", serving("fraud", 1, 0.0));
        assertThat(output()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void absenceInEventTimeFiresWhenTheWatermarkPassesTheDeadlineAndResolvesOnReturn() throws Exception {
        for (int m = 0; m <= 10; m += 5) send("AIServiceDown", serving("fraud", m, 0));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        harness.processWatermark(new Watermark(16 * MIN)); // due at 15m, allowed 1m more: still in time
        assertThat(output()).isEmpty();
        harness.processWatermark(new Watermark(16 * MIN + 1));
        List<Point> fired = output();
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).tagValues).containsExactly("fraud", "AIServiceDown", "P0", "5m");
        assertThat(fired.get(0).string("state")).isEqualTo("firing");
        assertThat(fired.get(0).hasField("threshold")).isFalse();
        assertThat(fired.get(0).timestampNanos).isEqualTo(16 * MIN * 1_000_000);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        harness.processWatermark(new Watermark(40 * MIN));
        assertThat(output()).isEmpty();
        send("AIServiceDown", serving("fraud", 45, 0));
        List<Point> back = output();
        assertThat(back).extracting(p -> p.string("state")).containsExactly("resolved");
        assertThat(back.get(0).timestampNanos).isEqualTo(45 * MIN * 1_000_000);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void aSilentStreamIsFoundByTheProcessingTimeTimer() throws Exception {
        harness.setProcessingTime(1_000);
        send("AIServiceDown", serving("fraud", 0, 0)); // no watermarks at all: event time never moves
        harness.setProcessingTime(1_000 + 6 * MIN - 1); // cadence 5m (the window) + for 1m
        assertThat(output()).isEmpty();
        harness.setProcessingTime(1_000 + 6 * MIN);
        assertThat(output()).extracting(p -> p.string("state")).containsExactly("firing");
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void whileTheWatermarkMovesEventTimeDecidesNotTheWallClock() throws Exception {
        harness.setProcessingTime(0);
        send("AIServiceDown", serving("fraud", 0, 0));
        harness.processWatermark(new Watermark(2 * MIN)); // event time alive, the job lagging behind
        harness.setProcessingTime(7 * MIN);
        assertThat(output()).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1); // checks again later
        harness.setProcessingTime(7 * MIN + Math.max(MIN, AlertFunction.MIN_RECHECK_MILLIS) - 1);
        assertThat(output()).isEmpty();
        harness.setProcessingTime(7 * MIN + Math.max(MIN, AlertFunction.MIN_RECHECK_MILLIS)); // event time stalled
        assertThat(output()).extracting(p -> p.string("state")).containsExactly("firing");
    }

    @Test
    void theEndOfInputIsNoAbsence() throws Exception {
        send("AIServiceDown", serving("fraud", 0, 0));
        send("AIServiceDown", serving("fraud", 5, 0));
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(output()).isEmpty();
    }

    @Test
    void aRestoredFiringAlertNeitherFiresAgainNorForgetsToResolve() throws Exception {
        for (int m = 0; m <= 6; m++) send("HighErrorRate", serving("fraud", m, 0.2));
        assertThat(output()).hasSize(1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send("HighErrorRate", serving("fraud", 7, 0.3));
        assertThat(output()).isEmpty();
        send("HighErrorRate", serving("fraud", 8, 0.0));
        assertThat(output()).extracting(p -> p.string("state")).containsExactly("resolved");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
