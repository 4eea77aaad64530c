package io.modelwatch.multivariate;

/**
 * The reference of one embedding feature (contract 3d): its dimension, the mean vector (centroid) of its
 * reference vectors and their mean Euclidean distance to that centroid (the spread that scales a window's
 * centroid distance). Immutable.
 */
public final class EmbeddingReference {
    public final String name;
    public final int dim;
    public final long count, missing, invalid;
    private final double[] centroid;
    public final double spread;
    /** Whether the spread is over every reference vector (else over the bounded sample of them). */
    public final boolean exactSpread;
    /**
     * Calibrated thresholds (contract 2b, "calibration as in 2b" of 3d): mean + 3 std (ddof = 0) of the
     * centroid distance and cosine of the reference's own chunks against the whole reference; NaN when fewer
     * than 4 chunks had --min-count vectors. {@code chunks}: how many did.
     */
    public final double distanceThreshold, cosineThreshold;
    public final int chunks;

    public EmbeddingReference(String name, int dim, long count, long missing, long invalid, double[] centroid,
                              double spread, boolean exactSpread) {
        this(name, dim, count, missing, invalid, centroid, spread, exactSpread, Double.NaN, Double.NaN, 0);
    }

    public EmbeddingReference(String name, int dim, long count, long missing, long invalid, double[] centroid,
                              double spread, boolean exactSpread, double distanceThreshold, double cosineThreshold,
                              int chunks) {
        if (centroid.length != dim) throw new IllegalArgumentException("centroid of " + centroid.length + " for dim " + dim);
        this.name = name;
        this.dim = dim;
        this.count = count;
        this.missing = missing;
        this.invalid = invalid;
        this.centroid = centroid.clone();
        this.spread = spread;
        this.exactSpread = exactSpread;
        this.distanceThreshold = distanceThreshold;
        this.cosineThreshold = cosineThreshold;
        this.chunks = chunks;
    }

    /** Whether the reference has calibrated thresholds (then its windows get drift_alert). */
    public boolean calibrated() {
        return Double.isFinite(distanceThreshold) && Double.isFinite(cosineThreshold);
    }

    /**
     * A window's {@code drift_alert_by} (contract 2b): the statistics above their thresholds, comma-separated in
     * the order centroid_distance, centroid_cosine; "" when none (drift_alert false). Not calibrated: null.
     */
    public String alertBy(double distance, double cosine) {
        if (!calibrated()) return null;
        boolean d = distance > distanceThreshold, c = cosine > cosineThreshold;
        return d && c ? "centroid_distance,centroid_cosine" : d ? "centroid_distance" : c ? "centroid_cosine" : "";
    }

    /** The same reference with these thresholds. */
    public EmbeddingReference withThresholds(double distance, double cosine, int chunks) {
        return new EmbeddingReference(name, dim, count, missing, invalid, centroid, spread, exactSpread, distance, cosine,
                chunks);
    }

    public double centroid(int i) {
        return centroid[i];
    }

    public double[] centroid() {
        return centroid.clone();
    }
}
