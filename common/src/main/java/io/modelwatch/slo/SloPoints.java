package io.modelwatch.slo;

import io.modelwatch.influx.Point;

import java.util.Locale;
import java.util.function.Consumer;

/** The {@code slo} and burn-alert {@code alerts} points of one step (contract 3f and section 4). */
final class SloPoints {
    public static final String MEASUREMENT = "slo";

    private SloPoints() {}

    /** One {@code slo} point per burn window at the ring's cursor (the step's end, {@code timeMillis}). */
    public static void steps(String model, Slo slo, SloRing ring, long timeMillis, Consumer<Point> out) {
        double allowed = slo.allowedErrorRatio();
        for (int w = 0; w < SloRing.WINDOWS; w++) {
            Point.Builder b = Point.builder(MEASUREMENT)
                    .tag("model", model).tag("slo", slo.name()).tag("window", SloRing.WINDOW_TAGS[w])
                    .intField("total", ring.total(w))
                    .intField("bad", ring.bad(w))
                    .field("error_ratio", ring.errorRatio(w))
                    .field("burn_rate", ring.burnRate(w, allowed));
            if (w == SloRing.PERIOD) b.field("budget_remaining", ring.budgetRemaining(allowed));
            out.accept(b.timeMillis(timeMillis).build());
        }
    }

    /** The {@code alerts} point of a burn alert that just fired or resolved. */
    public static Point alert(String model, Slo slo, SloRing ring, BurnAlert a, long timeMillis) {
        double allowed = slo.allowedErrorRatio();
        boolean firing = ring.isFiring(a);
        double longBurn = ring.burnRate(a.longWindow, allowed);
        double shortBurn = ring.burnRate(a.shortWindow, allowed);
        String lw = SloRing.WINDOW_TAGS[a.longWindow], sw = SloRing.WINDOW_TAGS[a.shortWindow];
        String summary = String.format(Locale.ROOT, "%s: SLO %s (%s %%) burning its error budget %s than %.1fx",
                model, slo.name(), trim(slo.objective()), firing ? "faster" : "no longer faster", a.factor);
        String description = String.format(Locale.ROOT,
                "burn rate %s %s, %s %s (both must be above %s); budget remaining over the period %s",
                lw, fmt(longBurn), sw, fmt(shortBurn), trim(a.factor), fmt(ring.budgetRemaining(allowed)));
        return Point.builder("alerts")
                .tag("model", model).tag("slo", slo.name())
                .tag("rule", a.rule).tag("severity", a.severity)
                .field("state", firing ? "firing" : "resolved")
                .field("value", Double.isNaN(longBurn) ? 0 : longBurn)
                .field("threshold", a.factor)
                .field("summary", summary)
                .field("description", description)
                .timeMillis(timeMillis)
                .build();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a (no events)" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
