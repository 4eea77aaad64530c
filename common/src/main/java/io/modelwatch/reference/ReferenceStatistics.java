package io.modelwatch.reference;

import io.modelwatch.drift.GridHistogram;
import io.modelwatch.drift.Moments;
import io.modelwatch.drift.Quantiles;

import java.util.Arrays;

/** Builds a feature's reference from all of its values: exact quantile grid, tie-exact cells, moments, sample. */
public final class ReferenceStatistics {
    private ReferenceStatistics() {}

    /**
     * @param sorted all finite values of the feature, ascending
     * @param grid   quantile grid size g (g+1 quantiles)
     * @param sampleLimit at most this many values are kept as the sample
     */
    public static NumericReference numeric(String name, double[] sorted, long missing, long invalid, int grid,
                                           int sampleLimit) {
        int n = sorted.length;
        if (n == 0) {
            return new NumericReference(name, 0, missing, invalid, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    new double[0], new long[0], new double[0]);
        }
        double[] quantiles = Quantiles.grid(sorted, grid);
        double[] inner = Arrays.copyOfRange(quantiles, 1, grid);
        long[] cells = GridHistogram.cellCountsOfSorted(inner, sorted, n);
        Moments m = Moments.shiftedBy(sorted[n / 2]);
        m.addAll(sorted);
        return new NumericReference(name, n, missing, invalid, m.mean(), m.std(), sorted[0], sorted[n - 1],
                quantiles, cells, sample(sorted, sampleLimit));
    }

    /**
     * A deterministic sample: the whole reference when it fits, else {@code limit} evenly spaced order
     * statistics (the values at ranks (i + 0.5) n / limit), which keep the reference's distribution to within
     * 1/limit in CDF terms. Sorted.
     */
    public static double[] sample(double[] sorted, int limit) {
        int n = sorted.length;
        if (n <= limit) return sorted.clone();
        double[] s = new double[limit];
        for (int i = 0; i < limit; i++) s[i] = sorted[(int) ((i + 0.5) * n / limit)];
        return s;
    }
}
