package io.modelwatch.sql;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.drift.FeatureDriftCalculator;
import io.modelwatch.drift.GridHistogram;
import io.modelwatch.reference.CategoricalReference;
import io.modelwatch.reference.NumericReference;
import io.modelwatch.reference.Snapshot;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accumulator of the drift functions: one feature of one model over one group of rows (a window), folded
 * exactly as the jobs fold it (io.modelwatch.drift.WindowAccumulator): a count, sums shifted by the reference
 * mean, min/max and tie-exact cells on the reference's quantile grid for a numeric feature; category counts for
 * a categorical one. {@link #figures()} hands them to the jobs' own FeatureDriftCalculator, so the SQL numbers
 * are the backfill's numbers. Memory: the grid (about 2 x G longs), never the rows.
 */
public final class FeatureWindow {
    public String snapshotPath;
    public String feature;
    /** Rows seen (the denominator of the missing rate). */
    public long records;
    public long count;
    public long invalid;
    public double sum;
    public double sumSq;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public long[] cells;
    public HashMap<String, Long> categories;

    public FeatureWindow() {}

    /** One row's value of the feature: null is missing; for a numeric feature, text that is no number is invalid. */
    void add(String snapshot, String name, String value) {
        Resolved r = resolve(snapshot, name);
        records++;
        if (value == null) return;
        if (r.numeric != null) {
            double v;
            try {
                v = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                invalid++;
                return;
            }
            addNumber(r, v);
        } else if (r.categorical != null) {
            count++;
            categories.merge(value, 1L, Long::sum);
        }
    }

    void add(String snapshot, String name, Double value) {
        Resolved r = resolve(snapshot, name);
        records++;
        if (value == null) return;
        if (r.numeric != null) addNumber(r, value);
        else if (r.categorical != null) invalid++;
    }

    private void addNumber(Resolved r, double v) {
        if (!Double.isFinite(v)) return; // NaN / Infinity: missing, as in the jobs
        double d = v - r.shift;
        count++;
        sum += d;
        sumSq += d * d;
        if (v < min) min = v;
        if (v > max) max = v;
        cells[GridHistogram.cell(r.edges, v)]++;
    }

    void merge(FeatureWindow o) {
        if (o.snapshotPath == null) return;
        if (snapshotPath == null) {
            resolve(o.snapshotPath, o.feature);
        }
        records += o.records;
        count += o.count;
        invalid += o.invalid;
        sum += o.sum;
        sumSq += o.sumSq;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        if (cells != null && o.cells != null) for (int i = 0; i < cells.length; i++) cells[i] += o.cells[i];
        if (categories != null && o.categories != null) o.categories.forEach((k, v) -> categories.merge(k, v, Long::sum));
    }

    /** The figures of the feature (contract section 3) from the jobs' calculator; null before the first row. */
    FeatureDrift figures(DriftSettings settings) {
        if (snapshotPath == null) return null;
        Snapshot s = Snapshots.get(snapshotPath);
        DriftPartial p = new DriftPartial();
        p.model = s.model;
        p.records = records;
        p.cells = 2 * s.grid - 1;
        int ni = s.numericIndex(feature), ci = s.categoricalIndex(feature);
        p.numFrom = p.numTo = 0;
        p.catFrom = p.catTo = 0;
        p.numCount = new long[0];
        p.numInvalid = new long[0];
        p.numSum = new double[0];
        p.numSumSq = new double[0];
        p.numMin = new double[0];
        p.numMax = new double[0];
        p.numCells = new long[0];
        p.catCount = new long[0];
        p.catInvalid = new long[0];
        p.catOffset = new int[] {0};
        p.catCounts = new long[0];
        p.unseenFeature = new int[0];
        p.unseenName = new String[0];
        p.unseenCount = new long[0];
        if (ni >= 0) {
            p.numFrom = ni;
            p.numTo = ni + 1;
            p.numCount = new long[] {count};
            p.numInvalid = new long[] {invalid};
            p.numSum = new double[] {sum};
            p.numSumSq = new double[] {sumSq};
            p.numMin = new double[] {min};
            p.numMax = new double[] {max};
            p.numCells = cells;
        } else {
            CategoricalReference ref = s.categorical(ci);
            p.catFrom = ci;
            p.catTo = ci + 1;
            p.catCount = new long[] {count};
            p.catInvalid = new long[] {invalid};
            p.catOffset = new int[] {0, ref.categories.length};
            p.catCounts = new long[ref.categories.length];
            TreeMap<String, Long> unseen = new TreeMap<>();
            categories.forEach((k, v) -> {
                int at = ref.categoryIndex(k);
                if (at >= 0) p.catCounts[at] += v;
                else unseen.put(k, v);
            });
            p.unseenFeature = new int[unseen.size()];
            p.unseenName = unseen.keySet().toArray(new String[0]);
            p.unseenCount = unseen.values().stream().mapToLong(Long::longValue).toArray();
        }
        return FeatureDriftCalculator.compute(p, s, settings).get(0);
    }

    /** Binds the accumulator to its snapshot and feature at the first row; a feature the snapshot lacks fails. */
    private Resolved resolve(String snapshot, String name) {
        if (snapshotPath == null) {
            snapshotPath = snapshot;
            feature = name;
        } else if (!snapshotPath.equals(snapshot) || !feature.equals(name)) {
            throw new IllegalArgumentException("one group of rows mixes snapshots or features (" + snapshotPath + " / "
                    + feature + " and " + snapshot + " / " + name + "): GROUP BY the model and the feature");
        }
        Resolved r = Resolved.of(snapshot, name);
        if (r.numeric != null && cells == null) cells = new long[2 * r.edges.length + 1];
        if (r.categorical != null && categories == null) categories = new HashMap<>();
        return r;
    }

    /** The snapshot's view of one feature, cached per snapshot file and feature. */
    static final class Resolved {
        private static final Map<String, Resolved> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
        final NumericReference numeric;
        final CategoricalReference categorical;
        final double[] edges;
        final double shift;

        private Resolved(NumericReference numeric, CategoricalReference categorical) {
            this.numeric = numeric;
            this.categorical = categorical;
            this.edges = numeric == null ? null : numeric.innerEdges();
            this.shift = numeric == null || !Double.isFinite(numeric.mean) ? 0 : numeric.mean;
        }

        static Resolved of(String snapshot, String feature) {
            return CACHE.computeIfAbsent(snapshot + "\u0000" + feature, k -> {
                Snapshot s = Snapshots.get(snapshot);
                int ni = s.numericIndex(feature), ci = s.categoricalIndex(feature);
                if (ni < 0 && ci < 0) {
                    throw new IllegalArgumentException("feature '" + feature + "' is not in the snapshot " + snapshot
                            + " (it has " + s.numeric().size() + " numeric and " + s.categorical().size()
                            + " categorical features)");
                }
                return new Resolved(ni >= 0 ? s.numeric(ni) : null, ni >= 0 ? null : s.categorical(ci));
            });
        }
    }

    @Override
    public String toString() {
        return "FeatureWindow{" + snapshotPath + ", " + feature + ", records=" + records + ", count=" + count
                + ", cells=" + (cells == null ? 0 : Arrays.stream(cells).sum()) + "}";
    }
}
