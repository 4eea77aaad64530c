package io.modelwatch.sql;

import io.modelwatch.drift.FeatureDrift;

/** {@code wasserstein(snapshot, feature, value)}: the 1-Wasserstein distance divided by max(std_ref, 0.001) (numeric features). */
public final class WassersteinFunction extends DriftAggregate {
    private static final long serialVersionUID = 1L;

    @Override
    double figure(FeatureDrift f) {
        return f.wasserstein;
    }
}
