package io.modelwatch.slo;

/**
 * The good and bad events of one model under one SLO in one minute of event time, as counted by one parsing
 * subtask: what crosses the shuffle instead of the records. Partials of the same minute add up.
 * Public fields and a no-arg constructor for the job's serializer.
 */
public final class SloMinute {
    public String model;
    /** Index of the SLO in its file. */
    public int slo;
    /** Epoch millis / 60,000. */
    public long minute;
    public long good;
    public long bad;

    public SloMinute() {}

    public SloMinute(String model, int slo, long minute, long good, long bad) {
        this.model = model;
        this.slo = slo;
        this.minute = minute;
        this.good = good;
        this.bad = bad;
    }

    /** The key of the keyed SLO state: model and SLO. */
    public String key() {
        return key(model, slo);
    }

    public static String key(String model, int slo) {
        return model + '\u0000' + slo;
    }

    @Override
    public String toString() {
        return model + "/" + slo + "@" + minute + ": " + good + " good, " + bad + " bad";
    }
}
