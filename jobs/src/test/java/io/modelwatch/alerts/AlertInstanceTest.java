package io.modelwatch.alerts;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.modelwatch.alerts.AlertTransition.Kind.FIRING;
import static io.modelwatch.alerts.AlertTransition.Kind.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

/** The state machine on scripted sequences of points: one point a minute unless said otherwise. */
class AlertInstanceTest {
    private static final long MIN = 60_000;
    private static final AlertRule HIGH_ERRORS =
            AlertRule.threshold("HighErrorRate", "model_serving", "error_rate", Comparison.GREATER, 0.05, 5 * MIN, "P1");

    /** Feeds value i at minute i and returns every transition. */
    private static List<AlertTransition> run(AlertRule rule, double... perMinute) {
        AlertInstance instance = new AlertInstance();
        List<AlertTransition> all = new ArrayList<>();
        for (int i = 0; i < perMinute.length; i++) all.addAll(instance.onPoint(rule, i * MIN, perMinute[i]));
        return all;
    }

    @Test
    void aBlipShorterThanForNeverFires() {
        assertThat(run(HIGH_ERRORS, 0.01, 0.2, 0.2, 0.2, 0.2, 0.01, 0.2, 0.01)).isEmpty();
    }

    @Test
    void aConditionHeldForForFiresExactlyOnceAtTheFirstPointForLater() {
        List<AlertTransition> t = run(HIGH_ERRORS, 0.01, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.2);
        assertThat(t).containsExactly(AlertTransition.firing(6 * MIN, 0.2));
    }

    @Test
    void resolvesOnceAtTheFirstFailingPoint() {
        List<AlertTransition> t = run(HIGH_ERRORS, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.04, 0.03, 0.01);
        assertThat(t).containsExactly(AlertTransition.firing(5 * MIN, 0.2), AlertTransition.resolved(6 * MIN, 0.04, 5 * MIN));
    }

    @Test
    void flappingGivesOneAlertPerEpisode() {
        double[] values = new double[40];
        for (int i = 0; i < values.length; i++) values[i] = (i / 10) % 2 == 0 ? 0.3 : 0.0; // 10 min on, 10 off
        List<AlertTransition> t = run(HIGH_ERRORS, values);
        assertThat(t).extracting(AlertTransition::kind).containsExactly(FIRING, RESOLVED, FIRING, RESOLVED);
        assertThat(t).extracting(AlertTransition::timeMillis).containsExactly(5 * MIN, 10 * MIN, 25 * MIN, 30 * MIN);
    }

    @Test
    void aPointWithoutTheFieldNeitherMeetsNorFails() {
        List<AlertTransition> t = run(HIGH_ERRORS, 0.2, 0.2, Double.NaN, 0.2, 0.2, 0.2, Double.NaN, 0.0);
        assertThat(t).containsExactly(AlertTransition.firing(5 * MIN, 0.2), AlertTransition.resolved(7 * MIN, 0.0, 5 * MIN));
    }

    @Test
    void equalityWithForZeroFiresAtTheMatchingPointAndResolvesAtTheNext() {
        AlertRule down = AlertRule.threshold("Zero", "model_serving", "qps", Comparison.EQUAL, 0, 0, "P0");
        List<AlertTransition> t = run(down, 3, 0, 0, 2, 0);
        assertThat(t).containsExactly(AlertTransition.firing(MIN, 0), AlertTransition.resolved(3 * MIN, 2, MIN),
                AlertTransition.firing(4 * MIN, 0));
    }

    @Test
    void notEqualAndInclusiveOperators() {
        assertThat(run(AlertRule.threshold("a", "host", "load1", Comparison.NOT_EQUAL, 1, 0, "P3"), 1, 2)).hasSize(1);
        assertThat(run(AlertRule.threshold("a", "host", "load1", Comparison.GREATER_OR_EQUAL, 1, 0, "P3"), 0.5, 1)).hasSize(1);
        assertThat(run(AlertRule.threshold("a", "host", "load1", Comparison.LESS_OR_EQUAL, 1, 0, "P3"), 2, 1)).hasSize(1);
        assertThat(run(AlertRule.threshold("a", "host", "load1", Comparison.LESS, 1, 0, "P3"), 1, 2)).isEmpty();
    }

    @Test
    void aThresholdInstanceIsIdleWhenNotPendingOrFiring() {
        AlertInstance instance = new AlertInstance();
        instance.onPoint(HIGH_ERRORS, 0, 0.3);
        assertThat(instance.isIdle(HIGH_ERRORS)).isFalse();
        instance.onPoint(HIGH_ERRORS, MIN, 0.0);
        assertThat(instance.isIdle(HIGH_ERRORS)).isTrue();
    }

    // ---- absence ----

    private static final AlertRule DOWN = AlertRule.absence("AIServiceDown", "model_serving", MIN, "P0");

    @Test
    void absenceFiresForAfterTheMissedPointAndResolvesWhenTheSeriesReturns() {
        AlertInstance instance = AlertInstance.watching(0);
        for (int i = 0; i <= 3; i++) assertThat(instance.onPoint(DOWN, i * 5 * MIN, Double.NaN)).isEmpty();
        // every 5 minutes: the point due at 20m does not come; the series is overdue after 21m
        assertThat(instance.overdueAfterMillis(DOWN)).isEqualTo(21 * MIN);
        assertThat(instance.onSilenceUntil(DOWN, 21 * MIN)).isEmpty();
        assertThat(instance.onSilenceUntil(DOWN, 21 * MIN + 1)).containsExactly(AlertTransition.firing(21 * MIN, 1));
        assertThat(instance.onSilenceUntil(DOWN, 40 * MIN)).isEmpty(); // fires once
        assertThat(instance.onPoint(DOWN, 45 * MIN, Double.NaN))
                .containsExactly(AlertTransition.resolved(45 * MIN, 0, 21 * MIN));
        // the cadence stays 5 minutes (the outage is not a cadence): watched again from the return
        assertThat(instance.overdueAfterMillis(DOWN)).isEqualTo(51 * MIN);
    }

    @Test
    void aPointThatComesLateButWithinForIsNoAbsence() {
        AlertInstance instance = AlertInstance.watching(0);
        instance.onPoint(DOWN, 0, Double.NaN);
        instance.onPoint(DOWN, 5 * MIN, Double.NaN);
        assertThat(instance.onSilenceUntil(DOWN, 10 * MIN + 30_000)).isEmpty();
        assertThat(instance.onPoint(DOWN, 11 * MIN, Double.NaN)).isEmpty(); // exactly at the deadline: in time
    }

    @Test
    void aGapLongerThanAllowedIsAWholeAbsenceEpisode() {
        // what a BATCH run sees: no timer fires, the next point shows the gap
        AlertInstance instance = AlertInstance.watching(0);
        instance.onPoint(DOWN, 0, Double.NaN);
        instance.onPoint(DOWN, 5 * MIN, Double.NaN);
        assertThat(instance.onPoint(DOWN, 30 * MIN, Double.NaN)).containsExactly(
                AlertTransition.firing(11 * MIN, 1), AlertTransition.resolved(30 * MIN, 0, 11 * MIN));
        assertThat(instance.phase).isEqualTo(AlertInstance.Phase.INACTIVE);
    }

    @Test
    void theWindowLengthIsTheCadenceUntilASecondPointIsSeen() {
        AlertInstance instance = AlertInstance.watching(60 * MIN);
        instance.onPoint(DOWN, 0, Double.NaN);
        assertThat(instance.overdueAfterMillis(DOWN)).isEqualTo(61 * MIN);
        instance.onPoint(DOWN, 5 * MIN, Double.NaN);
        assertThat(instance.overdueAfterMillis(DOWN)).isEqualTo(11 * MIN);
    }

    @Test
    void aLateOrRepeatedPointIsIgnoredByAbsence() {
        AlertInstance instance = AlertInstance.watching(0);
        instance.onPoint(DOWN, 5 * MIN, Double.NaN);
        instance.onPoint(DOWN, 10 * MIN, Double.NaN);
        assertThat(instance.onPoint(DOWN, 10 * MIN, Double.NaN)).isEmpty();
        assertThat(instance.onPoint(DOWN, 7 * MIN, Double.NaN)).isEmpty();
        assertThat(instance.overdueAfterMillis(DOWN)).isEqualTo(16 * MIN);
    }

    @Test
    void aSeriesNeverSeenIsNeverAbsent() {
        AlertInstance instance = AlertInstance.watching(0);
        assertThat(instance.isWatching(DOWN)).isFalse();
        assertThat(instance.onSilenceUntil(DOWN, Long.MAX_VALUE - 1)).isEmpty();
    }
}
