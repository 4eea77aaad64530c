package io.modelwatch.drift;

import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.Snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a merged {@link DriftPartial} into the figures of its features (contract section 3), one
 * {@link FeatureDrift} each; {@link WindowDriftScorer} then adds the q-values and the scores across the window.
 */
public final class FeatureDriftCalculator {
    private FeatureDriftCalculator() {}

    /** Adds {@code b} into {@code a} (same model, window and shard) and returns {@code a}. */
    public static DriftPartial merge(DriftPartial a, DriftPartial b) {
        a.records += b.records;
        for (int i = 0; i < a.numCount.length; i++) {
            a.numCount[i] += b.numCount[i];
            a.numInvalid[i] += b.numInvalid[i];
            a.numSum[i] += b.numSum[i];
            a.numSumSq[i] += b.numSumSq[i];
            a.numMin[i] = Math.min(a.numMin[i], b.numMin[i]);
            a.numMax[i] = Math.max(a.numMax[i], b.numMax[i]);
        }
        for (int i = 0; i < a.numCells.length; i++) a.numCells[i] += b.numCells[i];
        if (a.numValues != null && b.numValues != null) {
            for (int i = 0; i < a.numValues.length; i++) {
                int na = a.numValueCount[i], nb = b.numValueCount[i];
                double[] v = Arrays.copyOf(a.numValues[i], na + nb);
                System.arraycopy(b.numValues[i], 0, v, na, nb);
                a.numValues[i] = v;
                a.numValueCount[i] = na + nb;
            }
        }
        for (int i = 0; i < a.catCount.length; i++) {
            a.catCount[i] += b.catCount[i];
            a.catInvalid[i] += b.catInvalid[i];
        }
        for (int i = 0; i < a.catCounts.length; i++) a.catCounts[i] += b.catCounts[i];
        // Unseen categories: concatenate; duplicates are summed when the figures are computed.
        a.unseenFeature = concat(a.unseenFeature, b.unseenFeature);
        a.unseenName = concat(a.unseenName, b.unseenName);
        a.unseenCount = concat(a.unseenCount, b.unseenCount);
        return a;
    }

    public static List<FeatureDrift> compute(DriftPartial p, Snapshot snapshot, DriftSettings settings) {
        List<FeatureDrift> out = new ArrayList<>(p.numericFeatures() + p.categoricalFeatures());
        for (int i = 0; i < p.numericFeatures(); i++) {
            out.add(numeric(p, i, snapshot.numeric(p.numFrom + i), settings));
        }
        for (int i = 0; i < p.categoricalFeatures(); i++) {
            out.add(categorical(p, i, snapshot.categorical(p.catFrom + i), settings));
        }
        return out;
    }

    private static FeatureDrift base(DriftPartial p, String name, long count, long invalid, double refMissingRate) {
        FeatureDrift f = new FeatureDrift();
        f.model = p.model;
        f.feature = name;
        f.windowStart = p.windowStart;
        f.windowEnd = p.windowEnd;
        f.count = count;
        f.invalid = invalid;
        f.missing = Math.max(0, p.records - count - invalid);
        long total = f.count + f.missing + f.invalid;
        f.missingRate = total == 0 ? 0 : (double) f.missing / total;
        f.missingShift = f.missingRate - refMissingRate;
        return f;
    }

    static FeatureDrift numeric(DriftPartial p, int i, NumericReference ref, DriftSettings settings) {
        FeatureDrift f = base(p, ref.name, p.numCount[i], p.numInvalid[i], ref.missingRate());
        f.categorical = false;
        long n = f.count;
        if (n < Math.max(1, settings.minCount) || ref.count == 0) return f;
        f.hasStatistics = true;

        double shift = Double.isFinite(ref.mean) ? ref.mean : 0;
        double m1 = p.numSum[i] / n;
        f.mean = shift + m1;
        f.std = Math.sqrt(Math.max(0, p.numSumSq[i] / n - m1 * m1));

        int cells = p.cells, g = (cells + 1) / 2;
        long[] cur = Arrays.copyOfRange(p.numCells, i * cells, (i + 1) * cells);
        long[] refBuckets = GridHistogram.bucketsFromCells(ref.cellCounts);
        long[] curBuckets = GridHistogram.bucketsFromCells(cur);
        f.psi = Psi.psi(GridHistogram.psiBucketsFromGrid(refBuckets, g), GridHistogram.psiBucketsFromGrid(curBuckets, g));

        int nRef;
        if (settings.exactKs && p.numValues != null) {
            double[] values = Arrays.copyOf(p.numValues[i], p.numValueCount[i]);
            Arrays.sort(values);
            // Exact mode compares with the reference sample, which is the whole reference when it fit.
            f.ksStat = KolmogorovSmirnov.exactD(ref.sample, values);
            f.wasserstein = Wasserstein.normalized(Wasserstein.exact(ref.sample, values), ref.std);
            nRef = ref.sample.length;
        } else {
            f.ksStat = KolmogorovSmirnov.gridD(ref.cellCounts, cur);
            f.wasserstein = Wasserstein.normalized(Wasserstein.fromGrid(ref.innerEdges(), refBuckets, curBuckets,
                    ref.min, ref.max, p.numMin[i], p.numMax[i]), ref.std);
            nRef = (int) Math.min(Integer.MAX_VALUE, ref.count);
        }
        f.ksPvalue = KolmogorovSmirnov.pValue(f.ksStat, nRef, (int) Math.min(Integer.MAX_VALUE, n));

        f.meanShift = Moments.meanShift(f.mean, ref.mean, ref.std);
        f.stdShift = Moments.stdShift(f.std, ref.std);
        // std_ref = 0 and the feature changed: the shift is +Inf. It stays +Inf here so that drift_score counts
        // it (+Inf > 0.3); the point leaves the non-finite field out and says degenerate=true instead.
        f.degenerate = Double.isInfinite(f.meanShift) || Double.isInfinite(f.stdShift);
        return f;
    }

    static FeatureDrift categorical(DriftPartial p, int i, CategoricalReference ref, DriftSettings settings) {
        FeatureDrift f = base(p, ref.name, p.catCount[i], p.catInvalid[i], ref.missingRate());
        f.categorical = true;
        if (f.count < Math.max(1, settings.minCount) || ref.count == 0) return f;
        f.hasStatistics = true;

        int k = ref.categories.length;
        long[] cur = Arrays.copyOfRange(p.catCounts, p.catOffset[i], p.catOffset[i + 1]);
        // Unseen categories, summed by name (partials from several subtasks may repeat a name).
        java.util.TreeMap<String, Long> unseen = new java.util.TreeMap<>();
        for (int u = 0; u < p.unseenFeature.length; u++) {
            if (p.unseenFeature[u] == i) unseen.merge(p.unseenName[u], p.unseenCount[u], Long::sum);
        }
        long unseenTotal = unseen.values().stream().mapToLong(Long::longValue).sum();

        long[] refPsi = Arrays.copyOf(ref.counts, k + 1);
        long[] curPsi = Arrays.copyOf(cur, k + 1);
        curPsi[k] = unseenTotal;
        f.psi = Psi.psi(refPsi, curPsi);

        long[] refTable = Arrays.copyOf(ref.counts, k + unseen.size());
        long[] curTable = Arrays.copyOf(cur, k + unseen.size());
        int col = k;
        for (long c : unseen.values()) curTable[col++] = c;
        double[] chi = ChiSquare.test(refTable, curTable);
        f.chi2Stat = chi[0];
        f.chi2Pvalue = chi[1];
        return f;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
