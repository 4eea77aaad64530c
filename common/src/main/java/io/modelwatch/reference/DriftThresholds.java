package io.modelwatch.reference;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calibrated thresholds of a snapshot (contract 2b, "Calibrated thresholds"): the reference range is cut into
 * chunks of {@link #chunkMillis}, each chunk with at least {@link #minCount} values of a feature is compared with
 * the whole reference like a window, and per feature and statistic the threshold is mean + 3 std (ddof = 0) of the
 * chunks' values. A window's statistic above its threshold is more than the reference's own variation from hour
 * to hour, which a fixed p-value rule cannot know: at 100,000 values a window every p-value is 0.
 *
 * <p>Statistics, in the contract's order: numeric {@link #NUMERIC}, categorical {@link #CATEGORICAL}. A feature
 * with fewer than {@link #MIN_CHUNKS} chunks has no thresholds; a statistic whose finite chunk values are fewer
 * than that (mean_shift is +Inf in a chunk of a feature whose reference std is 0) has none either (NaN).
 */
public final class DriftThresholds {
    public static final List<String> NUMERIC = List.of("psi", "ks_stat", "wasserstein", "mean_shift", "std_shift");
    public static final List<String> CATEGORICAL = List.of("psi", "chi2_per_count");
    /** Fewer chunks than this and mean + 3 std says nothing about the reference's variation. */
    public static final int MIN_CHUNKS = 4;
    /** The multiple of the chunks' std above their mean. */
    public static final double SIGMAS = 3;

    public final long chunkMillis;
    public final long minCount;
    private final Map<String, Feature> features;

    public DriftThresholds(long chunkMillis, long minCount, Map<String, Feature> features) {
        this.chunkMillis = chunkMillis;
        this.minCount = minCount;
        this.features = Collections.unmodifiableMap(new TreeMap<>(features));
    }

    /** The thresholds of a feature, or null where it had fewer than {@link #MIN_CHUNKS} chunks. */
    public Feature feature(String name) {
        return features.get(name);
    }

    /** Every feature with thresholds, by name. */
    public Map<String, Feature> features() {
        return features;
    }

    /** One feature's chunk statistics: per statistic (in the order of its kind's list) mean, std and threshold. */
    public static final class Feature {
        public final String name;
        public final boolean categorical;
        public final int chunks;
        public final double[] mean, std, threshold;

        public Feature(String name, boolean categorical, int chunks, double[] mean, double[] std, double[] threshold) {
            if (mean.length != DriftThresholds.statistics(categorical).size() || std.length != mean.length || threshold.length != mean.length) {
                throw new IllegalArgumentException("feature '" + name + "': " + DriftThresholds.statistics(categorical).size()
                        + " statistics expected");
            }
            this.name = name;
            this.categorical = categorical;
            this.chunks = chunks;
            this.mean = mean;
            this.std = std;
            this.threshold = threshold;
        }

        public List<String> statistics() {
            return DriftThresholds.statistics(categorical);
        }

        /**
         * The names of the statistics above their thresholds, comma-separated in the contract's order ("" when
         * none): the window's {@code drift_alert_by}. {@code values} in the order of {@link #statistics()}; a NaN
         * value or threshold never alerts, +Inf (a degenerate shift) does.
         */
        public String alertBy(double[] values) {
            StringBuilder sb = new StringBuilder();
            List<String> names = statistics();
            for (int i = 0; i < threshold.length; i++) {
                if (values[i] > threshold[i]) { // false for NaN on either side
                    if (sb.length() > 0) sb.append(',');
                    sb.append(names.get(i));
                }
            }
            return sb.toString();
        }
    }

    public static List<String> statistics(boolean categorical) {
        return categorical ? CATEGORICAL : NUMERIC;
    }

    /**
     * A feature's thresholds from its chunks' statistics (each row in the order of its kind's list; only chunks
     * that had at least the minimum count), or null with fewer than {@link #MIN_CHUNKS} chunks. Mean and std are
     * two-pass over the finite values, population std (ddof = 0), as numpy's {@code mean}/{@code std}.
     */
    public static Feature calibrate(String name, boolean categorical, List<double[]> chunks) {
        if (chunks.size() < MIN_CHUNKS) return null;
        int k = statistics(categorical).size();
        double[] mean = new double[k], std = new double[k], threshold = new double[k];
        for (int s = 0; s < k; s++) {
            double sum = 0;
            int n = 0;
            for (double[] c : chunks) {
                if (Double.isFinite(c[s])) {
                    sum += c[s];
                    n++;
                }
            }
            if (n < MIN_CHUNKS) {
                mean[s] = std[s] = threshold[s] = Double.NaN;
                continue;
            }
            double m = sum / n, ss = 0;
            for (double[] c : chunks) {
                if (Double.isFinite(c[s])) ss += (c[s] - m) * (c[s] - m);
            }
            mean[s] = m;
            std[s] = Math.sqrt(ss / n);
            threshold[s] = m + SIGMAS * std[s];
        }
        return new Feature(name, categorical, chunks.size(), mean, std, threshold);
    }

    @Override
    public String toString() {
        return "DriftThresholds{chunk " + chunkMillis + " ms, min count " + minCount + ", " + features.size()
                + " features}";
    }
}
