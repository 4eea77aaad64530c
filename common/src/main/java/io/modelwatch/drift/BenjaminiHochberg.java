package io.modelwatch.drift;

import java.util.Arrays;

/**
 * Benjamini-Hochberg adjusted p-values (CONTRACT.md section 3, "ks_qvalue"), equal to
 * {@code scipy.stats.false_discovery_control(p, method='bh')} on the non-NaN p-values.
 */
final class BenjaminiHochberg {

    private BenjaminiHochberg() {}

    /**
     * q-values in the input order: with the m non-NaN p-values sorted ascending,
     * {@code q_(i) = min_{j >= i} p_(j) * m / j}, capped at 1. NaN entries are returned as NaN and do not
     * count in m. The input is not modified.
     *
     * @throws IllegalArgumentException for a p-value outside [0, 1]
     */
    public static double[] adjust(double[] pValues) {
        int m = 0;
        for (double p : pValues) {
            if (Double.isNaN(p)) {
                continue;
            }
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("p-value outside [0, 1]: " + p);
            }
            m++;
        }
        double[] q = new double[pValues.length];
        Arrays.fill(q, Double.NaN);
        if (m == 0) {
            return q;
        }
        int[] order = new int[m];
        int k = 0;
        for (int i = 0; i < pValues.length; i++) {
            if (!Double.isNaN(pValues[i])) {
                order[k++] = i;
            }
        }
        mergeSort(pValues, order, new int[m], 0, m); // stable, by p, no boxing
        double running = Double.POSITIVE_INFINITY;
        for (int r = m - 1; r >= 0; r--) {
            int idx = order[r];
            double adj = pValues[idx] * ((double) m / (r + 1));
            running = Math.min(running, adj);
            q[idx] = Math.min(1.0, running);
        }
        return q;
    }

    private static void mergeSort(double[] v, int[] a, int[] tmp, int lo, int hi) {
        if (hi - lo < 2) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(v, a, tmp, lo, mid);
        mergeSort(v, a, tmp, mid, hi);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            tmp[k++] = v[a[j]] < v[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < hi) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, lo, a, lo, hi - lo);
    }
}
