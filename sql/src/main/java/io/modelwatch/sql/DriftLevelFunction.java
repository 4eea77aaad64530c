package io.modelwatch.sql;

import io.modelwatch.drift.DriftScore;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code drift_level(score)}, {@code drift_level(psi, ks_qvalue, mean_shift, std_shift)} (numeric) or
 * {@code drift_level(psi, chi2_pvalue)} (categorical): {@code high}, {@code medium} or {@code low}, as the jobs
 * write it. Use the Benjamini-Hochberg q-value, not the raw p-value, to get the jobs' level (see sql/README).
 */
public final class DriftLevelFunction extends ScalarFunction {
    private static final long serialVersionUID = 1L;
    private final DriftScoreFunction score = new DriftScoreFunction();

    public String eval(Integer score) {
        return score == null ? null : DriftScore.level(score);
    }

    public String eval(Double psi, Double ksQvalue, Double meanShift, Double stdShift) {
        return eval(score.eval(psi, ksQvalue, meanShift, stdShift));
    }

    public String eval(Double psi, Double ksQvalue, Double meanShift, Double stdShift, Double alpha) {
        return eval(score.eval(psi, ksQvalue, meanShift, stdShift, alpha));
    }

    public String eval(Double psi, Double chi2Pvalue) {
        return eval(score.eval(psi, chi2Pvalue));
    }
}
