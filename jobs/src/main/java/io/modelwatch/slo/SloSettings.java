package io.modelwatch.slo;

import java.io.Serializable;
import java.util.Objects;

/** {@code --slos FILE} and {@code --slo-step}: the SLOs a job evaluates and how often (event time). */
public final class SloSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final long DEFAULT_STEP_MILLIS = 60_000L;

    public final SloSet slos;
    /** A whole number of minutes. */
    public final long stepMillis;

    public SloSettings(SloSet slos, long stepMillis) {
        this.slos = Objects.requireNonNull(slos, "slos");
        if (stepMillis < 60_000 || stepMillis % 60_000 != 0) {
            throw new IllegalArgumentException("the SLO step must be a whole number of minutes: " + stepMillis);
        }
        this.stepMillis = stepMillis;
    }
}
