package io.modelwatch.sql;

import io.modelwatch.drift.DriftScore;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code drift_score(psi, ks_qvalue, mean_shift, std_shift [, alpha])} for a numeric feature and
 * {@code drift_score(psi, chi2_pvalue [, alpha])} for a categorical one: the jobs' integer score (contract
 * section 3). A NULL figure counts 0, as a missing figure does in the jobs.
 */
public final class DriftScoreFunction extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    public Integer eval(Double psi, Double ksQvalue, Double meanShift, Double stdShift) {
        return eval(psi, ksQvalue, meanShift, stdShift, 0.05);
    }

    public Integer eval(Double psi, Double ksQvalue, Double meanShift, Double stdShift, Double alpha) {
        if (psi == null && ksQvalue == null && meanShift == null && stdShift == null) return null;
        return DriftScore.score(n(psi), n(ksQvalue), alpha, n(meanShift), n(stdShift));
    }

    public Integer eval(Double psi, Double chi2Pvalue) {
        return eval(psi, chi2Pvalue, 0.05);
    }

    public Integer eval(Double psi, Double chi2Pvalue, Double alpha) {
        if (psi == null && chi2Pvalue == null) return null;
        return DriftScore.score(n(psi), n(chi2Pvalue), alpha);
    }

    static double n(Double v) {
        return v == null ? Double.NaN : v;
    }
}
