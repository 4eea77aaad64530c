package io.modelwatch.sensors;

/**
 * The last {@link #CAPACITY} values of one metric of one series, and the 3-sigma test against them.
 *
 * <p>A value is anomalous when at least {@link #MIN_HISTORY} earlier values are known and it lies more than
 * three population standard deviations from their mean. A metric that has not moved at all (std 0) flags any
 * change larger than a relative 1e-9: after a long flat line, a step is exactly what the flag is for. The
 * value tested is added afterwards, anomalous or not, so a new level becomes normal once it dominates.
 *
 * <p>A POJO (public fields, no-arg constructor) so Flink keeps it in state with its POJO serializer.
 */
public final class MetricWindow {
    public static final int CAPACITY = 100;
    public static final int MIN_HISTORY = 10;

    public double[] values = new double[CAPACITY];
    public int size;
    public int next;

    public MetricWindow() {}

    /** Whether {@code x} is more than 3 sigma away from the values kept (false while fewer than MIN_HISTORY). */
    public boolean isAnomaly(double x) {
        if (size < MIN_HISTORY) return false;
        double mean = 0;
        for (int i = 0; i < size; i++) mean += values[i];
        mean /= size;
        double ss = 0;
        for (int i = 0; i < size; i++) {
            double d = values[i] - mean;
            ss += d * d;
        }
        double std = Math.sqrt(ss / size);
        double sigma = Math.max(std, 1e-9 * Math.max(1.0, Math.abs(mean)));
        return Math.abs(x - mean) > 3 * sigma;
    }

    public void add(double x) {
        values[next] = x;
        next = (next + 1) % CAPACITY;
        if (size < CAPACITY) size++;
    }
}
