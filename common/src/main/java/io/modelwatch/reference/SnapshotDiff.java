package io.modelwatch.reference;

import io.modelwatch.drift.ChiSquare;
import io.modelwatch.drift.GridHistogram;
import io.modelwatch.drift.KolmogorovSmirnov;
import io.modelwatch.drift.Moments;
import io.modelwatch.drift.Psi;
import io.modelwatch.drift.Wasserstein;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What changed between two snapshots of a model ({@code snapshots diff A B}), for the person deciding whether to
 * promote B: each feature both hold, B compared with A as a window is with its reference (contract 3 and 2b),
 * by the statistics the thresholds use. Numeric: psi on A's deciles, ks_stat and wasserstein on the two samples
 * (each the whole reference up to the snapshot's sample size, else evenly spaced order statistics of it),
 * mean_shift and std_shift from the exact moments; categorical: psi with an unseen bucket, chi2_per_count. Rows
 * are ordered by how far the largest statistic is beyond A's threshold ({@link Row#ratio}, statistic over
 * threshold) where A has thresholds, else by psi.
 */
public final class SnapshotDiff {
    private SnapshotDiff() {}

    /** One feature's comparison; {@code values} in the order of {@link DriftThresholds#statistics}. */
    public static final class Row {
        public final String feature;
        public final boolean categorical;
        public final double[] values;
        /** Greatest statistic / A's threshold of it; NaN where A has no threshold for the feature. */
        public final double ratio;
        /** The statistics above A's thresholds, comma-separated ("" when none or no thresholds). */
        public final String beyond;

        Row(String feature, boolean categorical, double[] values, double ratio, String beyond) {
            this.feature = feature;
            this.categorical = categorical;
            this.values = values;
            this.ratio = ratio;
            this.beyond = beyond;
        }

        public List<String> statistics() {
            return DriftThresholds.statistics(categorical);
        }
    }

    public static List<Row> compare(Snapshot a, Snapshot b) {
        List<Row> rows = new ArrayList<>();
        for (NumericReference ra : a.numeric()) {
            int j = b.numericIndex(ra.name);
            if (j < 0 || ra.count == 0 || b.numeric(j).count == 0) continue;
            rows.add(row(a, ra.name, false, numeric(ra, b.numeric(j))));
        }
        for (CategoricalReference ca : a.categorical()) {
            int j = b.categoricalIndex(ca.name);
            if (j < 0 || ca.count == 0 || b.categorical(j).count == 0) continue;
            rows.add(row(a, ca.name, true, categorical(ca, b.categorical(j))));
        }
        rows.sort(Comparator.comparingDouble((Row r) -> Double.isNaN(r.ratio) ? Double.NEGATIVE_INFINITY : r.ratio)
                .thenComparingDouble(r -> r.values[0]).reversed().thenComparing(r -> r.feature));
        return rows;
    }

    private static Row row(Snapshot a, String name, boolean categorical, double[] values) {
        DriftThresholds.Feature t = a.thresholds() == null ? null : a.thresholds().feature(name);
        if (t == null || t.categorical != categorical) return new Row(name, categorical, values, Double.NaN, "");
        double ratio = Double.NaN;
        for (int i = 0; i < values.length; i++) {
            if (!(t.threshold[i] > 0) || Double.isNaN(values[i])) continue;
            double r = values[i] / t.threshold[i];
            if (Double.isNaN(ratio) || r > ratio) ratio = r;
        }
        return new Row(name, categorical, values, ratio, t.alertBy(values));
    }

    /** psi, ks_stat, wasserstein, mean_shift, std_shift of B against A. */
    static double[] numeric(NumericReference a, NumericReference b) {
        int g = a.quantiles.length - 1;
        double psi = Double.NaN;
        if (g % 10 == 0 && a.cellCounts.length == 2 * g - 1) {
            long[] refDeciles = GridHistogram.psiBucketsFromGrid(GridHistogram.bucketsFromCells(a.cellCounts), g);
            double[] edges = new double[9];
            for (int k = 1; k <= 9; k++) edges[k - 1] = a.quantiles[k * g / 10];
            long[] cur = new long[10];
            for (double v : b.sample) cur[GridHistogram.bucket(edges, v)]++;
            psi = Psi.psi(refDeciles, cur);
        }
        double ks = a.sample.length == 0 || b.sample.length == 0 ? Double.NaN : KolmogorovSmirnov.exactD(a.sample, b.sample);
        double w = Wasserstein.normalized(Wasserstein.exact(a.sample, b.sample), a.std);
        return new double[] {psi, ks, w, Moments.meanShift(b.mean, a.mean, a.std), Moments.stdShift(b.std, a.std)};
    }

    /** psi (A's categories plus one unseen bucket) and chi2_stat / B's count. */
    static double[] categorical(CategoricalReference a, CategoricalReference b) {
        int k = a.categories.length;
        long[] ref = Arrays.copyOf(a.counts, k + 1), cur = new long[k + 1];
        List<Long> unseen = new ArrayList<>();
        for (int i = 0; i < b.categories.length; i++) {
            int at = a.categoryIndex(b.categories[i]);
            if (at >= 0) {
                cur[at] = b.counts[i];
            } else {
                cur[k] += b.counts[i];
                unseen.add(b.counts[i]);
            }
        }
        long[] refTable = Arrays.copyOf(a.counts, k + unseen.size()), curTable = Arrays.copyOf(cur, k + unseen.size());
        for (int i = 0; i < unseen.size(); i++) curTable[k + i] = unseen.get(i);
        double chi2 = ChiSquare.test(refTable, curTable)[0];
        return new double[] {Psi.psi(ref, cur), chi2 / b.count};
    }
}
