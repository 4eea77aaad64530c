package io.modelwatch.alerts;

import java.util.List;

/**
 * The state machine of one alert instance (one rule on one series), in plain Java: {@link AlertFunction}
 * keeps it in Flink keyed state and feeds it points and the passing of time.
 *
 * <pre>
 * threshold rule                          absence rule
 *   INACTIVE --met--> PENDING               INACTIVE (watching: last seen, cadence)
 *   PENDING --met, held for `for`--> FIRING   --overdue by `for`--> FIRING
 *   PENDING --failed--> INACTIVE (a blip)    FIRING --any point--> INACTIVE
 *   FIRING  --failed--> INACTIVE (resolved)
 *   INACTIVE --met, for = 0--> FIRING
 * </pre>
 *
 * <p>A threshold instance that is INACTIVE holds nothing worth keeping ({@link #isIdle}), so the wrapper
 * clears its state. A point without the watched field (or NaN) neither meets nor fails the condition.
 *
 * <p>Absence: a series is overdue when no point came for {@code for} after its next point was due. The next
 * point is due one cadence after the last one, the cadence being the gap between its last two points (the
 * {@code window} tag's length until a second point is seen, see {@link AlertFunction}; a series with
 * neither is not watched until its second point). A series that
 * reports every 5 minutes is therefore not "absent" one minute after each report when {@code for} is 1m:
 * like Prometheus's absent() over a scrape interval, absence means a missed report.
 *
 * <p>Public fields and a no-arg constructor: Flink serializes it as a POJO.
 */
public final class AlertInstance {

    public enum Phase { INACTIVE, PENDING, FIRING }

    public Phase phase = Phase.INACTIVE;
    /** Threshold: the time of the first point of the current pending/firing episode. */
    public long activeSinceMillis;
    /** The time it started firing. */
    public long firingSinceMillis;
    /** Absence: the time of the series' latest point; Long.MIN_VALUE before the first. */
    public long lastSeenMillis = Long.MIN_VALUE;
    /** Absence: the expected gap between two points of the series (0 when unknown). */
    public long cadenceMillis;

    public AlertInstance() {}

    /** A fresh absence watcher for a series whose cadence is guessed as {@code cadenceMillis} (0 if unknown). */
    public static AlertInstance watching(long cadenceMillis) {
        AlertInstance instance = new AlertInstance();
        instance.cadenceMillis = cadenceMillis;
        return instance;
    }

    /** A point of the series at {@code timeMillis} with the watched field's {@code value} (NaN when missing). */
    public List<AlertTransition> onPoint(AlertRule rule, long timeMillis, double value) {
        return rule.isAbsence() ? absenceOnPoint(rule, timeMillis) : thresholdOnPoint(rule, timeMillis, value);
    }

    private List<AlertTransition> thresholdOnPoint(AlertRule rule, long time, double value) {
        if (Double.isNaN(value)) return List.of();
        boolean met = rule.isMetBy(value);
        switch (phase) {
            case INACTIVE:
                if (!met) return List.of();
                activeSinceMillis = time;
                if (rule.forMillis() == 0) return fire(time, value);
                phase = Phase.PENDING;
                return List.of();
            case PENDING:
                if (!met) {
                    phase = Phase.INACTIVE;
                    return List.of();
                }
                return time - activeSinceMillis >= rule.forMillis() ? fire(time, value) : List.of();
            case FIRING:
                if (met) return List.of();
                phase = Phase.INACTIVE;
                return List.of(AlertTransition.resolved(time, value, firingSinceMillis));
            default:
                throw new IllegalStateException(phase.name());
        }
    }

    private List<AlertTransition> absenceOnPoint(AlertRule rule, long time) {
        if (lastSeenMillis != Long.MIN_VALUE && time <= lastSeenMillis) {
            return List.of(); // a late or repeated point says nothing new about the series being alive
        }
        List<AlertTransition> transitions;
        if (phase == Phase.FIRING) {
            phase = Phase.INACTIVE;
            transitions = List.of(AlertTransition.resolved(time, 0, firingSinceMillis));
        } else if (isOverdueAt(rule, time)) {
            // silent for longer than allowed, found from the gap (no timer had fired: a BATCH run, or a
            // watermark that lagged): the whole episode at once
            long overdue = overdueAfterMillis(rule);
            transitions = List.of(AlertTransition.firing(overdue, 1), AlertTransition.resolved(time, 0, overdue));
        } else {
            if (lastSeenMillis != Long.MIN_VALUE) cadenceMillis = time - lastSeenMillis;
            transitions = List.of();
        }
        lastSeenMillis = time;
        return transitions;
    }

    /**
     * Time has reached {@code nowMillis} (in the points' time) with no new point: an absence instance whose
     * series is overdue fires, with the time it became overdue.
     */
    public List<AlertTransition> onSilenceUntil(AlertRule rule, long nowMillis) {
        if (!rule.isAbsence() || phase == Phase.FIRING || !isOverdueAt(rule, nowMillis)) return List.of();
        return fire(overdueAfterMillis(rule), 1);
    }

    /**
     * Whether the absence deadline is armed: the series was seen and its cadence is known (from the
     * {@code window} tag, or from two points). Until then nothing says when its next point is due.
     */
    public boolean isWatching(AlertRule rule) {
        return rule.isAbsence() && phase != Phase.FIRING && lastSeenMillis != Long.MIN_VALUE && cadenceMillis > 0;
    }

    /** The last moment a point of the series may arrive without the series being absent. */
    public long overdueAfterMillis(AlertRule rule) {
        return lastSeenMillis + cadenceMillis + rule.forMillis();
    }

    /** How long, after a point, the series may stay silent: its cadence plus {@code for}. */
    public long allowedSilenceMillis(AlertRule rule) {
        return cadenceMillis + rule.forMillis();
    }

    private boolean isOverdueAt(AlertRule rule, long time) {
        return isWatching(rule) && time > overdueAfterMillis(rule);
    }

    /** Nothing to remember: a threshold instance that is neither pending nor firing. */
    public boolean isIdle(AlertRule rule) {
        return !rule.isAbsence() && phase == Phase.INACTIVE;
    }

    private List<AlertTransition> fire(long time, double value) {
        phase = Phase.FIRING;
        firingSinceMillis = time;
        return List.of(AlertTransition.firing(time, value));
    }
}
