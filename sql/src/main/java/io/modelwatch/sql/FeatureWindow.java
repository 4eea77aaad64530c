package io.modelwatch.sql;

import io.modelwatch.drift.DriftPartial;
import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import io.modelwatch.drift.FeatureDriftCalculator;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.reference.Snapshot;

import java.util.Map;

/**
 * The accumulator of the drift functions: one feature of one model over one group of rows (a window), as a
 * one-feature {@link DriftPartial}, the jobs' own window state: a count, sums shifted by the reference mean,
 * min/max and tie-exact cells on the reference's quantile grid for a numeric feature; category counts for a
 * categorical one. {@link #figures} hands it to the jobs' own FeatureDriftCalculator, so the SQL numbers are
 * the backfill's numbers. Memory: the grid (about 2 x G longs), never the rows. Serialized by
 * {@link FeatureWindowSerializer} (the partial's own bytes).
 */
public final class FeatureWindow {
    private String snapshotPath;
    private String feature;
    /** Null before the first row. */
    private DriftPartial drift;

    public FeatureWindow() {}

    FeatureWindow(String snapshotPath, String feature, DriftPartial drift) {
        this.snapshotPath = snapshotPath;
        this.feature = feature;
        this.drift = drift;
    }

    String snapshotPath() {
        return snapshotPath;
    }

    String feature() {
        return feature;
    }

    DriftPartial drift() {
        return drift;
    }

    /** One row's value of the feature: null is missing; for a numeric feature, text that is no number is invalid. */
    void add(String snapshot, String name, String value) {
        Resolved r = resolve(snapshot, name);
        drift.updateRecord();
        if (value == null) return;
        if (r.numeric >= 0) {
            double v;
            try {
                v = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                drift.updateNumeric(r.numeric, PredictionRecord.STRING, Double.NaN);
                return;
            }
            drift.updateNumeric(r.numeric, PredictionRecord.NUMBER, v);
        } else {
            drift.updateCategorical(r.categorical, PredictionRecord.STRING, value);
        }
    }

    void add(String snapshot, String name, Double value) {
        Resolved r = resolve(snapshot, name);
        drift.updateRecord();
        if (value == null) return;
        if (r.numeric >= 0) drift.updateNumeric(r.numeric, PredictionRecord.NUMBER, value);
        else drift.updateCategorical(r.categorical, PredictionRecord.NUMBER, null);
    }

    void merge(FeatureWindow o) {
        if (o.snapshotPath == null) return;
        resolve(o.snapshotPath, o.feature);
        drift.merge(o.drift);
    }

    /** The figures of the feature (contract section 3) from the jobs' calculator; null before the first row. */
    FeatureDrift figures(DriftSettings settings) {
        if (snapshotPath == null) return null;
        return FeatureDriftCalculator.compute(drift, Snapshots.get(snapshotPath), settings).get(0);
    }

    /**
     * Binds the accumulator to its snapshot and feature at the first row (a feature the snapshot lacks fails),
     * and makes its partial take updates again after it was read back.
     */
    private Resolved resolve(String snapshot, String name) {
        if (snapshotPath == null) {
            snapshotPath = snapshot;
            feature = name;
        } else if (!snapshotPath.equals(snapshot) || !feature.equals(name)) {
            throw new IllegalArgumentException("one group of rows mixes snapshots or features (" + snapshotPath + " / "
                    + feature + " and " + snapshot + " / " + name + "): GROUP BY the model and the feature");
        }
        Resolved r = Resolved.of(snapshot, name);
        if (drift == null) {
            drift = DriftPartial.forFeature(Snapshots.get(snapshot), name);
        } else if (!drift.takesUpdates()) {
            drift = DriftPartial.forFeature(Snapshots.get(snapshot), name).merge(drift);
        }
        return r;
    }

    /** The snapshot's view of one feature, cached per snapshot file and feature. */
    static final class Resolved {
        private static final Map<String, Resolved> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
        /** The feature's index among the snapshot's numeric (or categorical) features; -1 for the other kind. */
        final int numeric, categorical;

        private Resolved(int numeric, int categorical) {
            this.numeric = numeric;
            this.categorical = categorical;
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
                return new Resolved(ni, ni >= 0 ? -1 : ci);
            });
        }
    }

    @Override
    public String toString() {
        return "FeatureWindow{" + snapshotPath + ", " + feature + ", " + drift + "}";
    }
}
