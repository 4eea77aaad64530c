package io.modelwatch.sql;

import io.modelwatch.drift.FeatureDrift;

/** {@code ks_pvalue(snapshot, feature, value)}: the KS p-value for n_ref and n_cur (numeric features); adjust it per window with Benjamini-Hochberg for ks_qvalue. */
public final class KsPvalueFunction extends DriftAggregate {
    private static final long serialVersionUID = 1L;

    @Override
    double figure(FeatureDrift f) {
        return f.ksPvalue;
    }
}
