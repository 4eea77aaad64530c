package io.modelwatch.sql;

import io.modelwatch.drift.DriftSettings;
import io.modelwatch.drift.FeatureDrift;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * Base of the drift aggregate functions: {@code f(snapshot, feature, value)} over the rows of a group (a window
 * of one model and feature) against the reference snapshot file, or {@code f(snapshot_dir, model, feature, value)}
 * with the folder of snapshots. The value is the feature's value as text (as a {@code MAP<STRING, STRING>} of
 * features gives it) or a number. The result is NULL where the figure does not apply (a categorical feature's
 * KS statistic) or the group has fewer than 30 values (the jobs' --min-count).
 */
@FunctionHint(accumulator = @DataTypeHint(value = "RAW", bridgedTo = FeatureWindow.class,
        rawSerializer = FeatureWindowSerializer.class))
public abstract class DriftAggregate extends AggregateFunction<Double, FeatureWindow> {
    private static final long serialVersionUID = 1L;
    static final DriftSettings SETTINGS = DriftSettings.defaults();

    /** The figure this function returns; NaN for "does not apply". */
    abstract double figure(FeatureDrift f);

    @Override
    public FeatureWindow createAccumulator() {
        return new FeatureWindow();
    }

    @Override
    public Double getValue(FeatureWindow acc) {
        FeatureDrift f = acc.figures(SETTINGS);
        if (f == null || !f.hasStatistics) return null;
        double v = figure(f);
        return Double.isFinite(v) ? v : null;
    }

    public void accumulate(FeatureWindow acc, String snapshot, String feature, String value) {
        acc.add(snapshot, feature, value);
    }

    public void accumulate(FeatureWindow acc, String snapshot, String feature, Double value) {
        acc.add(snapshot, feature, value);
    }

    public void accumulate(FeatureWindow acc, String snapshotDir, String model, String feature, String value) {
        acc.add(Snapshots.path(snapshotDir, model), feature, value);
    }

    public void accumulate(FeatureWindow acc, String snapshotDir, String model, String feature, Double value) {
        acc.add(Snapshots.path(snapshotDir, model), feature, value);
    }

    public void merge(FeatureWindow acc, Iterable<FeatureWindow> others) {
        for (FeatureWindow o : others) acc.merge(o);
    }
}
