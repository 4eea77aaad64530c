package io.modelwatch.drift;

/**
 * Bucketing rules shared by the quantile-grid histogram and the PSI buckets (CONTRACT.md section 3).
 *
 * <p><b>Buckets.</b> Given ascending edges {@code e[0..k-1]} (duplicates allowed), there are k + 1
 * buckets; a value v falls in the bucket whose lower edge is the greatest edge {@code <= v}, i.e. in bucket
 * {@link #bucket} = the number of edges {@code <= v}. Bucket 0 is open below and bucket k open above, so
 * values beyond the reference min/max are counted, never dropped. A run of equal edges leaves empty
 * buckets between them.
 *
 * <p><b>Grid histogram.</b> For a reference grid {@code grid[0..g]} ({@link Quantiles#grid}) the histogram
 * is taken over the g - 1 inner edges {@code grid[1..g-1]}: g buckets. Its counts collapse exactly into the
 * 10 PSI buckets ({@link #psiBucketsFromGrid}).
 *
 * <p><b>Cells (tie-exact).</b> Buckets only give the CDF just below each edge, which is not enough for a
 * Kolmogorov-Smirnov bound when the data has ties (a point mass on an edge). {@link #cell} additionally
 * separates values equal to an edge: cell {@code 2b} holds values strictly between edges, cell
 * {@code 2b - 1} values equal to edge {@code e[b-1]}. {@link #bucketsFromCells} turns cell counts back into
 * bucket counts.
 */
public final class GridHistogram {

    private GridHistogram() {}

    /**
     * Number of edges {@code <= v} (upper-bound binary search), in {@code 0..edges.length}.
     *
     * @throws IllegalArgumentException for NaN (missing values never enter the statistics)
     */
    public static int bucket(double[] edges, double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("NaN cannot be bucketed");
        }
        int n = edges.length;
        if (n == 0) {
            return 0;
        }
        // Branch-free halving (the comparison becomes a conditional move): the values of a window land on
        // unpredictable sides of the edges, and a mispredicted branch per step made this search half the
        // backfill's hot path. Invariant: the answer lies in [base, base + n].
        int base = 0;
        while (n > 1) {
            int half = n >>> 1;
            base = edges[base + half - 1] <= v ? base + half : base;
            n -= half;
        }
        return base + (edges[base] <= v ? 1 : 0);
    }

    /**
     * Tie-exact cell, in {@code 0..2 * edges.length}: {@code 2 * bucket(edges, v)} when v equals no edge,
     * {@code 2 * bucket(edges, v) - 1} when v equals an edge. Cells are ordered like the values.
     */
    public static int cell(double[] edges, double v) {
        return cellIn(edges, bucket(edges, v), v);
    }

    /** The cell of v in bucket b: the edge's own cell when v equals the bucket's lower edge. */
    private static int cellIn(double[] edges, int b, double v) {
        return b > 0 && edges[b - 1] == v ? 2 * b - 1 : 2 * b;
    }

    /**
     * The {@link #cell} counts of ascending values, in one walk: cells are ordered like the values, so the bucket
     * only moves forward. The same counts as {@code cell} per value (same comparisons), without a search per
     * value: a reference's cells are counted over every one of its values (50,000 x 1000 at the bench's size).
     */
    public static long[] cellCountsOfSorted(double[] edges, double[] sorted, int n) {
        long[] cells = new long[2 * edges.length + 1];
        int b = 0;
        for (int i = 0; i < n; i++) {
            double v = sorted[i];
            if (Double.isNaN(v)) throw new IllegalArgumentException("NaN cannot be bucketed");
            while (b < edges.length && edges[b] <= v) b++;
            cells[cellIn(edges, b, v)]++;
        }
        return cells;
    }

    /** Collapses {@link #cell} counts (odd length 2k + 1) into {@link #bucket} counts (length k + 1). */
    public static long[] bucketsFromCells(long[] cellCounts) {
        return bucketsFromCells(cellCounts, 0, cellCounts.length);
    }

    /** {@link #bucketsFromCells(long[])} of {@code cellCounts[from, from + length)}. */
    public static long[] bucketsFromCells(long[] cellCounts, int from, int length) {
        if (length % 2 != 1) {
            throw new IllegalArgumentException("cell counts must have odd length: " + length);
        }
        long[] buckets = new long[(length + 1) / 2];
        for (int c = 0; c < length; c++) {
            buckets[(c + 1) / 2] += cellCounts[from + c];
        }
        return buckets;
    }

    /**
     * {@link #bucketsFromCells(long[], int, int)} into {@code buckets[0, (length + 1) / 2)}, which it overwrites:
     * scoring a window reuses one array for all its features. Bucket b is cells 2b-1 and 2b (cell 0 alone for b = 0).
     */
    static void bucketsFromCells(long[] cellCounts, int from, int length, long[] buckets) {
        if (length % 2 != 1) {
            throw new IllegalArgumentException("cell counts must have odd length: " + length);
        }
        int k = (length - 1) / 2;
        buckets[0] = cellCounts[from];
        for (int b = 1; b <= k; b++) {
            buckets[b] = cellCounts[from + 2 * b - 1] + cellCounts[from + 2 * b];
        }
    }

    /** {@link #psiBucketsFromGrid(long[], int)} into {@code psi[0, 10)}, which it overwrites. */
    static void psiBucketsFromGrid(long[] gridCounts, int g, long[] psi) {
        if (g <= 0 || g % 10 != 0) {
            throw new IllegalArgumentException("grid size must be a positive multiple of 10: " + g);
        }
        int step = g / 10;
        java.util.Arrays.fill(psi, 0, 10, 0);
        for (int b = 0; b < g; b++) {
            psi[b / step] += gridCounts[b];
        }
    }

    /**
     * Collapses a grid histogram (g buckets over the inner grid edges {@code grid[1..g-1]}) into the 10 PSI
     * buckets whose inner edges are the p = 0.1 .. 0.9 quantiles ({@code grid[g/10 * k]}, k = 1..9).
     *
     * <p>Exact, ties included: grid bucket b counts values with exactly b inner edges {@code <= v}; as the
     * grid is ascending those are {@code grid[1..b]}, so PSI edge {@code grid[s*k]} ({@code s = g/10}) is
     * {@code <= v} iff {@code s*k <= b}, and the PSI bucket is {@code b / s}.
     *
     * @throws IllegalArgumentException unless {@code g % 10 == 0} and {@code gridCounts.length == g}
     */
    public static long[] psiBucketsFromGrid(long[] gridCounts, int g) {
        if (g <= 0 || g % 10 != 0) {
            throw new IllegalArgumentException("grid size must be a positive multiple of 10: " + g);
        }
        if (gridCounts.length != g) {
            throw new IllegalArgumentException(
                    "expected " + g + " grid buckets, got " + gridCounts.length);
        }
        int step = g / 10;
        long[] psi = new long[10];
        for (int b = 0; b < g; b++) {
            psi[b / step] += gridCounts[b];
        }
        return psi;
    }
}
