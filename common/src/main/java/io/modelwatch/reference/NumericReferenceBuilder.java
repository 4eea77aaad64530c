package io.modelwatch.reference;

import io.modelwatch.drift.Moments;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.util.Arrays;

/**
 * Builds one numeric feature's reference from its values as they come, in memory bounded by the exact limit
 * (contract 2b, "Bounded memory"): while the feature has at most {@code exactLimit} values they are kept and
 * the quantile grid is exact (R-7, {@link ReferenceStatistics#numeric}); past it every value goes into a KLL
 * sketch (Apache DataSketches, {@link #SKETCH_K}) and the kept values are dropped, so memory stays at the
 * sketch's few hundred KB whatever the number of values. Moments, count, min and max stay exact either way.
 *
 * <p>Why KLL and not REQ: the grid is evenly spaced in probability (p = i/G) and the Kolmogorov-Smirnov bound is
 * an additive error in CDF terms, which is exactly KLL's guarantee (the same additive rank error at every
 * rank); REQ spends its space on relative accuracy at one tail and is coarser in the middle of the grid.
 *
 * <p>Beyond the limit the snapshot records the sketch's normalised rank error ({@link NumericReference#rankError},
 * DataSketches' a-priori single-query bound at 99 % confidence): each grid quantile's true rank is within it of
 * i/G, each edge's reference CDF (from the cell counts, themselves sketch ranks) within it of the true one, and
 * the grid-mode KS bound becomes 1/G + 1/n_ref + rank_error. The sketch is never serialized (it lives in one
 * task while one feature is built), so DataSketches' off-heap Memory layer, which needs extra JVM modules on
 * Java 17, is never touched. Not thread-safe.
 */
public final class NumericReferenceBuilder {
    /** The default {@code --exact-limit}: values per feature up to which the quantiles stay exact. */
    public static final long DEFAULT_EXACT_LIMIT = 10_000_000L;
    /** KLL's k: normalised rank error about 3.6e-4 (below 1/G for G = 1000), about 200 KB retained. */
    public static final int SKETCH_K = 8192;
    /** Arrays in Java hold at most about this many values. */
    public static final long MAX_EXACT_LIMIT = Integer.MAX_VALUE - 16;

    private final String name;
    private final int grid;
    private final int sampleLimit;
    private final int exactLimit;
    private final int sketchK;
    private double[] values = new double[64];
    private int kept;
    private KllDoublesSketch sketch;
    private final Moments moments = Moments.create();

    public NumericReferenceBuilder(String name, int grid, int sampleLimit, long exactLimit) {
        this(name, grid, sampleLimit, exactLimit, SKETCH_K);
    }

    /** With another sketch size k (tests use a small one to see the error bound at work). */
    NumericReferenceBuilder(String name, int grid, int sampleLimit, long exactLimit, int sketchK) {
        if (exactLimit < 1 || exactLimit > MAX_EXACT_LIMIT) {
            throw new IllegalArgumentException("exact limit must be in [1, " + MAX_EXACT_LIMIT + "]: " + exactLimit);
        }
        // The sample is the whole reference when it fits, which only exact values can give.
        if (exactLimit < sampleLimit) {
            throw new IllegalArgumentException("exact limit " + exactLimit + " is below the sample size " + sampleLimit);
        }
        this.name = name;
        this.grid = grid;
        this.sampleLimit = sampleLimit;
        this.exactLimit = (int) exactLimit;
        this.sketchK = sketchK;
    }

    /** Adds one finite value (missing and non-finite values are the caller's to count). */
    public void add(double v) {
        moments.add(v);
        if (sketch != null) {
            sketch.update(v);
            return;
        }
        if (kept == exactLimit) {
            toSketch();
            sketch.update(v);
            return;
        }
        if (kept == values.length) values = Arrays.copyOf(values, (int) Math.min(2L * kept, exactLimit));
        values[kept++] = v;
    }

    /** Adds {@code values[0, n)}. */
    public void addAll(double[] values, int n) {
        for (int i = 0; i < n; i++) add(values[i]);
    }

    public long count() {
        return moments.count();
    }

    public boolean isExact() {
        return sketch == null;
    }

    private void toSketch() {
        sketch = KllDoublesSketch.newHeapInstance(sketchK);
        for (int i = 0; i < kept; i++) sketch.update(values[i]);
        values = null;
        kept = 0;
    }

    /** The finished reference; the builder must not be used afterwards. */
    public NumericReference build(long missing, long invalid) {
        if (sketch == null) {
            double[] sorted = Arrays.copyOf(values, kept);
            values = null;
            RadixSort.sort(sorted, kept);
            return ReferenceStatistics.numeric(name, sorted, missing, invalid, grid, sampleLimit);
        }
        long n = sketch.getN();
        double min = sketch.getMinItem(), max = sketch.getMaxItem();
        double[] ranks = new double[grid + 1];
        for (int i = 0; i <= grid; i++) ranks[i] = (double) i / grid;
        double[] quantiles = sketch.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE);
        quantiles[0] = min;
        quantiles[grid] = max;
        long[] cells = cells(Arrays.copyOfRange(quantiles, 1, grid), n);
        double[] sampleRanks = new double[sampleLimit];
        for (int i = 0; i < sampleLimit; i++) sampleRanks[i] = (i + 0.5) / sampleLimit;
        double[] sample = sketch.getQuantiles(sampleRanks, QuantileSearchCriteria.INCLUSIVE); // n > limit >= sample
        return new NumericReference(name, n, missing, invalid, moments.mean(), moments.std(), min, max, quantiles,
                cells, sample, sketch.getNormalizedRankError(false));
    }

    /**
     * The tie-exact cells of {@link io.modelwatch.drift.GridHistogram#cell} from the sketch's ranks: values below
     * an edge ({@code EXCLUSIVE}) and at or below it ({@code INCLUSIVE}) as counts; in a run of equal edges only
     * the last one's cells hold values, as when values are bucketed. The counts telescope, so they sum to n.
     */
    private long[] cells(double[] inner, long n) {
        int k = inner.length;
        long[] cells = new long[2 * k + 1];
        if (k == 0) {
            cells[0] = n;
            return cells;
        }
        long[] below = new long[k], atOrBelow = new long[k];
        for (int j = 0; j < k; j++) {
            below[j] = Math.round(sketch.getRank(inner[j], QuantileSearchCriteria.EXCLUSIVE) * n);
            atOrBelow[j] = Math.max(below[j], Math.round(sketch.getRank(inner[j], QuantileSearchCriteria.INCLUSIVE) * n));
        }
        long done = 0; // values accounted for so far, i.e. at or below the previous distinct edge
        int runStart = 0;
        for (int j = 0; j < k; j++) {
            if (j < k - 1 && inner[j + 1] == inner[j]) continue;
            long lo = Math.max(done, below[j]);
            long hi = Math.max(lo, atOrBelow[j]);
            cells[2 * runStart] = lo - done; // strictly between the previous distinct edge and this run
            cells[2 * j + 1] = hi - lo;      // equal to the run's value: the cell of its last edge
            done = hi;
            runStart = j + 1;
        }
        cells[2 * k] = n - done;
        return cells;
    }
}
