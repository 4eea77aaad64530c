package io.modelwatch.sql;

import io.modelwatch.drift.FeatureDrift;

/** {@code ks_stat(snapshot, feature, value)}: the two-sample Kolmogorov-Smirnov statistic D on the reference grid (numeric features). */
public final class KsStatFunction extends DriftAggregate {
    private static final long serialVersionUID = 1L;

    @Override
    double figure(FeatureDrift f) {
        return f.ksStat;
    }
}
