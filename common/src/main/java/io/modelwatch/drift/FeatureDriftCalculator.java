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

    public static List<FeatureDrift> compute(DriftPartial p, Snapshot snapshot, DriftSettings settings) {
        List<FeatureDrift> out = new ArrayList<>(p.numericFeatures() + p.categoricalFeatures());
        Scratch scratch = new Scratch((p.cells() + 1) / 2);
        for (int i = 0; i < p.numericFeatures(); i++) {
            out.add(numeric(p, i, snapshot.numeric(p.numFrom() + i), settings, scratch));
        }
        for (int i = 0; i < p.categoricalFeatures(); i++) {
            out.add(categorical(p, i, snapshot.categorical(p.catFrom() + i), settings));
        }
        for (FeatureDrift f : out) alert(f, snapshot);
        return out;
    }

    /**
     * Names the snapshot and, where it has calibrated thresholds for the feature and the window has statistics,
     * sets drift_alert and drift_alert_by (contract 2b). The seed's drift_score is left as it is.
     */
    static void alert(FeatureDrift f, Snapshot snapshot) {
        f.reference = snapshot.referenceName();
        io.modelwatch.reference.DriftThresholds t = snapshot.thresholds();
        io.modelwatch.reference.DriftThresholds.Feature ft = t == null ? null : t.feature(f.feature);
        if (ft == null || ft.categorical != f.categorical || !f.hasStatistics) return;
        f.calibrated = true;
        f.driftAlertBy = ft.alertBy(f.calibrationValues());
        f.driftAlert = !f.driftAlertBy.isEmpty();
    }

    private static FeatureDrift base(DriftPartial p, String name, long count, long invalid, double refMissingRate) {
        FeatureDrift f = new FeatureDrift();
        f.model = p.model();
        f.feature = name;
        f.windowStart = p.windowStart();
        f.windowEnd = p.windowEnd();
        f.count = count;
        f.invalid = invalid;
        f.missing = Math.max(0, p.records() - count - invalid);
        long total = f.count + f.missing + f.invalid;
        f.missingRate = total == 0 ? 0 : (double) f.missing / total;
        f.missingShift = f.missingRate - refMissingRate;
        return f;
    }

    /**
     * The working arrays of scoring one window's numeric features: the current buckets, their PSI deciles and the
     * Wasserstein sweep's, made once per window instead of per feature (they were most of the garbage of scoring).
     */
    static final class Scratch {
        final long[] buckets;
        final long[] psi = new long[10];
        final Wasserstein.Scratch wasserstein;

        Scratch(int g) {
            buckets = new long[g];
            wasserstein = new Wasserstein.Scratch(Math.max(0, g - 1));
        }
    }

    static FeatureDrift numeric(DriftPartial p, int i, NumericReference ref, DriftSettings settings) {
        return numeric(p, i, ref, settings, new Scratch((p.cells() + 1) / 2));
    }

    static FeatureDrift numeric(DriftPartial p, int i, NumericReference ref, DriftSettings settings, Scratch scratch) {
        FeatureDrift f = base(p, ref.name, p.numericCount(i), p.numericInvalid(i), ref.missingRate());
        f.categorical = false;
        f.outOfRange = p.numericOutOfRange(i);
        long n = f.count;
        if (n < Math.max(1, settings.minCount) || ref.count == 0) return f;
        f.hasStatistics = true;

        // The sums are around the reference mean (0 where it is not finite); v1 partials did not record it.
        Moments moments = p.numeric(i, Double.isFinite(ref.mean) ? ref.mean : 0);
        f.mean = moments.mean();
        f.std = moments.std();

        int g = (p.cells() + 1) / 2;
        long[] cells = p.allNumericCells();
        int from = i * p.cells();
        long[] refBuckets = ref.gridBuckets();
        long[] curBuckets = scratch.buckets;
        GridHistogram.bucketsFromCells(cells, from, p.cells(), curBuckets);
        long[] refPsi = refBuckets.length == g ? ref.gridPsiBuckets() : GridHistogram.psiBucketsFromGrid(refBuckets, g);
        GridHistogram.psiBucketsFromGrid(curBuckets, g, scratch.psi);
        f.psi = Psi.psi(refPsi, scratch.psi);

        int nRef;
        if (settings.exactKs && p.exact()) {
            double[] values = p.sortedValues(i);
            // Exact mode compares with the reference sample, which is the whole reference when it fit.
            f.ksStat = KolmogorovSmirnov.exactD(ref.sample, values);
            f.wasserstein = Wasserstein.normalized(Wasserstein.exact(ref.sample, values), ref.std);
            nRef = ref.sample.length;
        } else {
            f.ksStat = KolmogorovSmirnov.gridD(ref.cellCounts, cells, from, p.cells());
            f.wasserstein = Wasserstein.normalized(Wasserstein.fromGrid(ref.gridCdf(), ref.innerEdges(), curBuckets,
                    moments.min(), moments.max(), scratch.wasserstein), ref.std);
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
        FeatureDrift f = base(p, ref.name, p.categoricalCount(i), p.categoricalInvalid(i), ref.missingRate());
        f.categorical = true;
        for (long u : p.unseen(i).values()) f.unseen += u;
        if (f.count < Math.max(1, settings.minCount) || ref.count == 0) return f;
        f.hasStatistics = true;

        int k = ref.categories.length;
        long[] cur = p.categoryCounts(i);
        java.util.SortedMap<String, Long> unseen = p.unseen(i);
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

}
