package io.modelwatch.reference;

/**
 * What a numeric feature looked like in the reference: counts, moments, the quantile grid (g+1 values at
 * p = i/g, R-7 interpolation), the reference's own counts in the g buckets that the grid's inner edges make,
 * and a sorted deterministic sample (the whole reference when it had at most the sample limit of values).
 */
public final class NumericReference {
    public final String name;
    public final long count;
    public final long missing;
    public final long invalid;
    public final double mean;
    public final double std;
    public final double min;
    public final double max;
    /** g+1 quantiles at p = i/g; quantiles[0] = min, quantiles[g] = max. */
    public final double[] quantiles;
    /** g buckets over the inner edges quantiles[1..g-1]: bucket = number of inner edges <= v. */
    public final long[] gridCounts;
    /** Sorted; the whole reference when count <= the snapshot's sample limit. */
    public final double[] sample;

    /** The inner grid edges quantiles[1..g-1], which define the histogram buckets of a window. */
    private final double[] innerEdges;

    public NumericReference(String name, long count, long missing, long invalid, double mean, double std,
                            double min, double max, double[] quantiles, long[] gridCounts, double[] sample) {
        this.name = name;
        this.count = count;
        this.missing = missing;
        this.invalid = invalid;
        this.mean = mean;
        this.std = std;
        this.min = min;
        this.max = max;
        this.quantiles = quantiles;
        this.gridCounts = gridCounts;
        this.sample = sample;
        this.innerEdges = quantiles.length > 2
                ? java.util.Arrays.copyOfRange(quantiles, 1, quantiles.length - 1)
                : new double[0];
    }

    /**
     * The same reference on a coarser grid of {@code g} buckets ({@code --grid}); g must divide the snapshot's
     * grid. Exact: the coarse grid's inner edges are a subset of the fine ones, so fine bucket b lands in
     * coarse bucket b / (G / g).
     */
    public NumericReference coarsen(int g) {
        int fine = quantiles.length - 1;
        if (g == fine || g <= 0) return this;
        if (fine % g != 0) {
            throw new IllegalArgumentException("--grid " + g + " must divide the snapshot's grid of " + fine);
        }
        int step = fine / g;
        double[] q = new double[g + 1];
        for (int i = 0; i <= g; i++) q[i] = quantiles[i * step];
        long[] counts = new long[g];
        for (int b = 0; b < gridCounts.length; b++) counts[b / step] += gridCounts[b];
        return new NumericReference(name, count, missing, invalid, mean, std, min, max, q, counts, sample);
    }

    public double[] innerEdges() {
        return innerEdges;
    }

    /** The reference's missing rate: missing / (count + missing + invalid). */
    public double missingRate() {
        long total = count + missing + invalid;
        return total == 0 ? 0 : (double) missing / total;
    }

    public boolean sampleIsWholeReference() {
        return sample.length == count;
    }
}
