package io.modelwatch.sql;

import io.modelwatch.drift.FeatureDrift;

/** {@code psi(snapshot, feature, value)}: PSI against the reference (10 quantile buckets; categories + one unseen bucket). */
public final class PsiFunction extends DriftAggregate {
    private static final long serialVersionUID = 1L;

    @Override
    double figure(FeatureDrift f) {
        return f.psi;
    }
}
