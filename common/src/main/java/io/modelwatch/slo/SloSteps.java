package io.modelwatch.slo;

import io.modelwatch.influx.Point;

import java.util.function.Consumer;

/**
 * One step of an SLO's evaluation in event time, the same in a stream (a timer at each step) and in a
 * backfill (every step at the end of the key): move the ring's windows to the step's end, write the {@code slo}
 * points, evaluate the burn alerts and write an {@code alerts} point for each that fired or resolved.
 */
final class SloSteps {
    private SloSteps() {}

    public static void step(String model, Slo slo, SloRing ring, long stepEndMillis, Consumer<Point> points,
            Consumer<Point> alerts) {
        ring.advanceTo(Math.floorDiv(stepEndMillis, 60_000L));
        SloPoints.steps(model, slo, ring, stepEndMillis, points);
        int changed = ring.evaluateAlerts(slo.allowedErrorRatio());
        for (BurnAlert a : BurnAlert.values()) {
            if ((changed & (1 << a.ordinal())) != 0) alerts.accept(SloPoints.alert(model, slo, ring, a, stepEndMillis));
        }
    }

    /** The first step end at or after the end of {@code minute}. */
    public static long stepEndOf(long minute, long stepMillis) {
        long end = (minute + 1) * 60_000L;
        return Math.floorDiv(end + stepMillis - 1, stepMillis) * stepMillis;
    }
}
