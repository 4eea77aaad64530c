package io.modelwatch.drift;

/**
 * Population stability index (CONTRACT.md section 3, "psi"). Numeric features use the 10 buckets of
 * {@link GridHistogram}; categorical features the reference categories plus one bucket for unseen ones.
 */
public final class Psi {

    /** A proportion of 0 is replaced by this before taking logs (contract). */
    public static final double ZERO_PROPORTION = 0.0001;

    private Psi() {}

    /**
     * {@code psi = sum_i (cur_i - ref_i) * ln(cur_i / ref_i)} over proportions {@code count / total},
     * where a zero proportion becomes {@link #ZERO_PROPORTION}. Returns NaN when either total is 0.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static double psi(long[] refCounts, long[] curCounts) {
        if (refCounts.length != curCounts.length) {
            throw new IllegalArgumentException("bucket counts differ in length");
        }
        double refTotal = 0;
        double curTotal = 0;
        for (int i = 0; i < refCounts.length; i++) {
            refTotal += refCounts[i];
            curTotal += curCounts[i];
        }
        if (refTotal == 0 || curTotal == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < refCounts.length; i++) {
            double r = refCounts[i] == 0 ? ZERO_PROPORTION : refCounts[i] / refTotal;
            double c = curCounts[i] == 0 ? ZERO_PROPORTION : curCounts[i] / curTotal;
            psi += (c - r) * Math.log(c / r);
        }
        return psi;
    }

    /**
     * Contract band: {@code "none"} below 0.1, {@code "slight"} from 0.1 to 0.2 (both inclusive),
     * {@code "significant"} above 0.2; {@code "unknown"} for NaN. Note that {@link DriftScore} counts
     * psi only when strictly above 0.1 / 0.2, so psi = 0.1 exactly is band "slight" but scores 0.
     */
    public static String band(double psi) {
        if (Double.isNaN(psi)) {
            return "unknown";
        }
        if (psi < 0.1) {
            return "none";
        }
        return psi <= 0.2 ? "slight" : "significant";
    }
}
