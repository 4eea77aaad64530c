package io.modelwatch.reference;

/**
 * What a numeric feature looked like in the reference: counts, moments, the quantile grid (g+1 values at
 * p = i/g, R-7 interpolation), the reference's own counts in the 2g-1 tie-exact cells that the grid's g-1
 * inner edges make ({@link io.modelwatch.drift.GridHistogram#cell}: values between edges and values equal to
 * an edge apart, so grid KS stays within its bound on tied data), and a sorted deterministic sample (the
 * whole reference when it had at most the sample limit of values).
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
    /** 2g-1 cells over the inner edges quantiles[1..g-1] (GridHistogram.cell). */
    public final long[] cellCounts;
    /** Sorted; the whole reference when count <= the snapshot's sample limit. */
    public final double[] sample;
    /**
     * 0 when the quantiles and cells are exact; else the normalised rank error of the quantile sketch they came
     * from ({@link NumericReferenceBuilder}): the grid-mode KS bound is then 1/G + 1/n_ref + rankError.
     */
    public final double rankError;

    /** The inner grid edges quantiles[1..g-1], which define the histogram buckets of a window. */
    private final double[] innerEdges;
    /**
     * Made at the first window scored, then the same for every window (1000 features x every window made them
     * again): the buckets of the cells and the Wasserstein CDF over them. Volatile: subtasks share a snapshot.
     */
    private volatile long[] gridBuckets;
    private volatile io.modelwatch.drift.Wasserstein.Cdf gridCdf;
    private volatile boolean gridCdfMade;
    private volatile io.modelwatch.drift.CellIndex cellIndex;
    private volatile long[] gridPsiBuckets;

    public NumericReference(String name, long count, long missing, long invalid, double mean, double std,
                            double min, double max, double[] quantiles, long[] cellCounts, double[] sample) {
        this(name, count, missing, invalid, mean, std, min, max, quantiles, cellCounts, sample, 0);
    }

    public NumericReference(String name, long count, long missing, long invalid, double mean, double std,
                            double min, double max, double[] quantiles, long[] cellCounts, double[] sample,
                            double rankError) {
        this.name = name;
        this.rankError = rankError;
        this.count = count;
        this.missing = missing;
        this.invalid = invalid;
        this.mean = mean;
        this.std = std;
        this.min = min;
        this.max = max;
        this.quantiles = quantiles;
        this.cellCounts = cellCounts;
        this.sample = sample;
        this.innerEdges = quantiles.length > 2
                ? java.util.Arrays.copyOfRange(quantiles, 1, quantiles.length - 1)
                : new double[0];
    }

    /**
     * The same reference on a coarser grid of {@code g} ({@code --grid}); g must divide the snapshot's grid.
     * Exact: the coarse inner edges are the fine inner edges {@code step-1, 2 step-1, ...}, so a value between
     * fine edges (cell 2b) lies between coarse edges (cell 2 (b / step)), and a value equal to fine edge b-1
     * (cell 2b-1) equals the coarse edge below it only when that edge has the same value.
     */
    public NumericReference coarsen(int g) {
        int fine = quantiles.length - 1;
        // A feature without values has no grid at all, whatever the snapshot's grid: nothing to coarsen.
        if (g == fine || g <= 0 || quantiles.length == 0) return this;
        if (fine % g != 0) {
            throw new IllegalArgumentException("--grid " + g + " must divide the snapshot's grid of " + fine);
        }
        int step = fine / g;
        double[] q = new double[g + 1];
        for (int i = 0; i <= g; i++) q[i] = quantiles[i * step];
        long[] cells = new long[2 * g - 1];
        for (int c = 0; c < cellCounts.length; c++) {
            int b = (c + 1) / 2;
            int cb = b / step;
            boolean onCoarseEdge = c % 2 == 1 && cb > 0 && innerEdges[cb * step - 1] == innerEdges[b - 1];
            cells[onCoarseEdge ? 2 * cb - 1 : 2 * cb] += cellCounts[c];
        }
        return new NumericReference(name, count, missing, invalid, mean, std, min, max, q, cells, sample, rankError);
    }

    /** How far grid-mode KS on a grid of g may be from the exact D (contract 3): 1/g + 1/n_ref + rank_error. */
    public double gridKsBound(int g) {
        return 1.0 / g + 1.0 / count + rankError;
    }

    public double[] innerEdges() {
        return innerEdges;
    }

    /** {@code GridHistogram.bucketsFromCells(cellCounts)}, made once; not to be changed. */
    public long[] gridBuckets() {
        long[] b = gridBuckets;
        if (b == null) gridBuckets = b = io.modelwatch.drift.GridHistogram.bucketsFromCells(cellCounts);
        return b;
    }

    /** {@code GridHistogram.psiBucketsFromGrid(gridBuckets(), gridBuckets().length)}, made once; not to be changed. */
    public long[] gridPsiBuckets() {
        long[] b = gridPsiBuckets;
        if (b == null) gridPsiBuckets = b = io.modelwatch.drift.GridHistogram.psiBucketsFromGrid(gridBuckets(), gridBuckets().length);
        return b;
    }

    /** {@code Wasserstein.cdf(innerEdges(), gridBuckets(), min, max)}, made once (null when there are no values). */
    public io.modelwatch.drift.Wasserstein.Cdf gridCdf() {
        if (!gridCdfMade) {
            gridCdf = io.modelwatch.drift.Wasserstein.cdf(innerEdges, gridBuckets(), min, max);
            gridCdfMade = true;
        }
        return gridCdf;
    }

    /** The inner edges with a lookup table in front (the hot path's binning), made once per snapshot. */
    public io.modelwatch.drift.CellIndex cellIndex() {
        io.modelwatch.drift.CellIndex c = cellIndex;
        if (c == null) cellIndex = c = new io.modelwatch.drift.CellIndex(innerEdges);
        return c;
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
