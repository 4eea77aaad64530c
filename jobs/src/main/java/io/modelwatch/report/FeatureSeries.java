package io.modelwatch.report;

import java.util.Arrays;

/**
 * One feature of one report unit: its figures per window (indexed by the unit's window index, NaN or -1 where
 * the window has none) and the full statistics of its newest point. Floats suffice for what is drawn; the
 * newest point, which the tables print, keeps doubles.
 */
final class FeatureSeries {
    /** Statistics of the newest point that the feature table prints, in this order. */
    static final String[] LAST = {"count", "psi", "ks_stat", "ks_qvalue", "wasserstein", "mean_shift", "std_shift",
            "chi2_pvalue", "missing_rate", "drift_score"};

    final String name;
    String kind;
    float[] psi = new float[0], ks = new float[0], wasserstein = new float[0], meanShift = new float[0], mean = new float[0];
    /** drift_score per window, -1 where the window wrote no statistics. */
    byte[] score = new byte[0];
    /** drift_alert per window: -1 absent, 0 false, 1 true. */
    byte[] alert = new byte[0];

    long lastNanos = Long.MIN_VALUE;
    final double[] last = new double[LAST.length];
    String lastLevel, lastAlertBy;

    FeatureSeries(String name) {
        this.name = name;
        Arrays.fill(last, Double.NaN);
    }

    void ensure(int windows) {
        if (windows <= psi.length) return;
        int cap = Math.max(windows, Math.max(8, psi.length * 2));
        int old = psi.length;
        psi = grow(psi, cap, old);
        ks = grow(ks, cap, old);
        wasserstein = grow(wasserstein, cap, old);
        meanShift = grow(meanShift, cap, old);
        mean = grow(mean, cap, old);
        score = Arrays.copyOf(score, cap);
        alert = Arrays.copyOf(alert, cap);
        Arrays.fill(score, old, cap, (byte) -1);
        Arrays.fill(alert, old, cap, (byte) -1);
    }

    private static float[] grow(float[] a, int cap, int old) {
        float[] b = Arrays.copyOf(a, cap);
        Arrays.fill(b, old, cap, Float.NaN);
        return b;
    }

    /** Reorders the per-window arrays: new index {@code j} takes old index {@code order[j]}. */
    void reorder(int[] order) {
        ensure(order.length);
        psi = pick(psi, order);
        ks = pick(ks, order);
        wasserstein = pick(wasserstein, order);
        meanShift = pick(meanShift, order);
        mean = pick(mean, order);
        byte[] s = new byte[order.length], a = new byte[order.length];
        for (int j = 0; j < order.length; j++) {
            s[j] = score[order[j]];
            a[j] = alert[order[j]];
        }
        score = s;
        alert = a;
    }

    private static float[] pick(float[] a, int[] order) {
        float[] b = new float[order.length];
        for (int j = 0; j < order.length; j++) b[j] = a[order[j]];
        return b;
    }

    // Figures over the windows, computed once the windows are in order.
    int windowsWithStats, alertedWindows, highWindows, maxScore = -1, maxPsiAt = -1;
    boolean hasAlertField;
    double maxPsi = Double.NaN;

    void summarise(int windows) {
        for (int w = 0; w < windows; w++) {
            if (score[w] >= 0) {
                windowsWithStats++;
                if (score[w] >= 4) highWindows++;
                maxScore = Math.max(maxScore, score[w]);
            }
            if (alert[w] >= 0) hasAlertField = true;
            if (alert[w] == 1) alertedWindows++;
            if (!Float.isNaN(psi[w]) && (Double.isNaN(maxPsi) || psi[w] > maxPsi)) {
                maxPsi = psi[w];
                maxPsiAt = w;
            }
        }
    }
}
