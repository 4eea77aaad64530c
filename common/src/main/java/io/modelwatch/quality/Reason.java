package io.modelwatch.quality;

/** Why a record is anomalous, per feature (contract 3c); the names are the anomaly records' {@code reason}. */
public final class Reason {
    private Reason() {}

    public static final byte OUT_OF_RANGE = 0, UNSEEN = 1, MISSING_REQUIRED = 2, INVALID = 3, MULTIVARIATE_OUTLIER = 4;

    private static final String[] NAMES = {"out_of_range", "unseen", "missing_required", "invalid", "multivariate_outlier"};

    public static String name(byte reason) {
        return NAMES[reason];
    }
}
