package io.modelwatch.sql;

import io.modelwatch.drift.FeatureDrift;

/** {@code std_shift(snapshot, feature, value)}: |std_cur - std_ref| / std_ref (numeric features). */
public final class StdShiftFunction extends DriftAggregate {
    private static final long serialVersionUID = 1L;

    @Override
    double figure(FeatureDrift f) {
        return f.stdShift;
    }
}
