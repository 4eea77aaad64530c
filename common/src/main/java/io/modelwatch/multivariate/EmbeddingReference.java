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

    public EmbeddingReference(String name, int dim, long count, long missing, long invalid, double[] centroid,
                              double spread, boolean exactSpread) {
        if (centroid.length != dim) throw new IllegalArgumentException("centroid of " + centroid.length + " for dim " + dim);
        this.name = name;
        this.dim = dim;
        this.count = count;
        this.missing = missing;
        this.invalid = invalid;
        this.centroid = centroid.clone();
        this.spread = spread;
        this.exactSpread = exactSpread;
    }

    public double centroid(int i) {
        return centroid[i];
    }

    public double[] centroid() {
        return centroid.clone();
    }
}
