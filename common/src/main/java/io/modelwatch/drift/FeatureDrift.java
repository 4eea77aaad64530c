package io.modelwatch.drift;

/**
 * The drift figures of one feature of one model in one window (contract section 3), before the
 * Benjamini-Hochberg step that needs every feature of the window. NaN means "does not apply". A Flink POJO.
 */
public final class FeatureDrift {
    public String model;
    public String feature;
    public long windowStart;
    public long windowEnd;
    public boolean categorical;
    public long count, missing, invalid;
    /** Contract 3c: numeric values out of the reference range and margin; categorical values of unseen categories. */
    public long outOfRange, unseen;
    public double missingRate, missingShift;
    /** False below --min-count: only the counts are written. */
    public boolean hasStatistics;
    public double psi = Double.NaN, ksStat = Double.NaN, ksPvalue = Double.NaN, ksQvalue = Double.NaN;
    public double wasserstein = Double.NaN, meanShift = Double.NaN, stdShift = Double.NaN;
    public double mean = Double.NaN, std = Double.NaN, chi2Stat = Double.NaN, chi2Pvalue = Double.NaN;
    public boolean degenerate;
    public int driftScore;
    public String driftLevel;
    /** The snapshot compared with, {@code MODEL@valid_from} (contract 2b). */
    public String reference;
    /** Whether the snapshot had calibrated thresholds for this feature (else no drift_alert is written). */
    public boolean calibrated;
    public boolean driftAlert;
    /** The statistics above their thresholds, comma-separated in the contract's order. */
    public String driftAlertBy;

    public FeatureDrift() {}

    /**
     * The statistics calibrated thresholds apply to, in {@link io.modelwatch.reference.DriftThresholds}' order:
     * numeric psi, ks_stat, wasserstein, mean_shift, std_shift; categorical psi and chi2_stat / count.
     */
    public double[] calibrationValues() {
        return categorical
                ? new double[] {psi, count == 0 ? Double.NaN : chi2Stat / count}
                : new double[] {psi, ksStat, wasserstein, meanShift, stdShift};
    }

    /** Model-behaviour columns ({@code __prediction}, {@code __confidence}) are not input features. */
    public boolean isInputFeature() {
        return !feature.startsWith("__");
    }
}
