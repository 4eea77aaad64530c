package io.modelwatch.drift;

import org.apache.commons.math3.special.Gamma;

/**
 * Chi-square test of independence on the 2 x k table of reference and current category counts
 * (CONTRACT.md section 3, "chi2_stat", "chi2_pvalue"), without continuity correction: equal to
 * {@code scipy.stats.chi2_contingency([ref, cur], correction=False)} (statistic and p-value).
 */
public final class ChiSquare {

    private ChiSquare() {}

    /**
     * Returns {@code {stat, pValue}}. Columns that are zero in both rows are dropped first (scipy would
     * refuse the table); if fewer than 2 columns remain the result is {@code {0, 1}} (nothing to compare).
     * If a row is all zero the test is undefined and the result is {@code {NaN, NaN}}.
     * The statistic is {@code sum (O - E)^2 / E} with {@code E = rowSum * colSum / total}; the p-value is
     * the upper tail of chi-square with k - 1 degrees of freedom, {@code Q((k-1)/2, stat/2)} (computed
     * directly, so it keeps its relative accuracy far into the tail).
     */
    public static double[] test(long[] refCounts, long[] curCounts) {
        if (refCounts.length != curCounts.length) {
            throw new IllegalArgumentException("count arrays differ in length");
        }
        double refTotal = 0;
        double curTotal = 0;
        int k = 0;
        for (int j = 0; j < refCounts.length; j++) {
            if (refCounts[j] < 0 || curCounts[j] < 0) {
                throw new IllegalArgumentException("negative count");
            }
            if (refCounts[j] + curCounts[j] > 0) {
                k++;
            }
            refTotal += refCounts[j];
            curTotal += curCounts[j];
        }
        if (k < 2) {
            return new double[] {0.0, 1.0};
        }
        if (refTotal == 0 || curTotal == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double total = refTotal + curTotal;
        double stat = 0;
        for (int j = 0; j < refCounts.length; j++) {
            double col = (double) refCounts[j] + curCounts[j];
            if (col == 0) {
                continue;
            }
            double eRef = refTotal * col / total;
            double eCur = curTotal * col / total;
            double dr = refCounts[j] - eRef;
            double dc = curCounts[j] - eCur;
            stat += dr * dr / eRef + dc * dc / eCur;
        }
        double p = Gamma.regularizedGammaQ((k - 1) / 2.0, stat / 2.0);
        return new double[] {stat, p};
    }
}
