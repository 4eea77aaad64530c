package io.modelwatch.sql;

import io.modelwatch.drift.FeatureDrift;

/** {@code mean_shift(snapshot, feature, value)}: |mean_cur - mean_ref| / std_ref (numeric features). */
public final class MeanShiftFunction extends DriftAggregate {
    private static final long serialVersionUID = 1L;

    @Override
    double figure(FeatureDrift f) {
        return f.meanShift;
    }
}
