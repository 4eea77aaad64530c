package io.modelwatch.drift;

/**
 * drift_score and drift_level (CONTRACT.md section 3). Every comparison is strict and a NaN input
 * contributes 0 (NaN compares false).
 */
public final class DriftScore {

    private DriftScore() {}

    /**
     * Numeric feature: +2 if psi &gt; 0.2, else +1 if psi &gt; 0.1; +2 if ksQvalue &lt; alpha;
     * +1 if meanShift &gt; 0.3; +1 if stdShift &gt; 0.3 (an infinite shift counts).
     */
    public static int score(double psi, double ksQvalue, double alpha, double meanShift, double stdShift) {
        int s = psiPoints(psi);
        if (ksQvalue < alpha) {
            s += 2;
        }
        if (meanShift > 0.3) {
            s += 1;
        }
        if (stdShift > 0.3) {
            s += 1;
        }
        return s;
    }

    /** Categorical feature: the psi rule as for numeric features, +2 if chi2Pvalue &lt; alpha. */
    public static int score(double psi, double chi2Pvalue, double alpha) {
        return psiPoints(psi) + (chi2Pvalue < alpha ? 2 : 0);
    }

    /** {@code "high"} if score &gt;= 4, {@code "medium"} if &gt;= 2, else {@code "low"}. */
    public static String level(int score) {
        return score >= 4 ? "high" : score >= 2 ? "medium" : "low";
    }

    private static int psiPoints(double psi) {
        return psi > 0.2 ? 2 : psi > 0.1 ? 1 : 0;
    }
}
