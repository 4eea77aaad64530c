package io.modelwatch.sql;

import io.modelwatch.drift.FeatureDrift;

/** {@code chi2_pvalue(snapshot, feature, value)}: the chi-square test's p-value on reference and current category counts (categorical features). */
public final class Chi2PvalueFunction extends DriftAggregate {
    private static final long serialVersionUID = 1L;

    @Override
    double figure(FeatureDrift f) {
        return f.chi2Pvalue;
    }
}
