package io.modelwatch.drift;

/**
 * {@link GridHistogram#cell} on one fixed set of edges, with a lookup table in front of the search: the same cell
 * for every value, in a few steps instead of log2(edges) dependent ones. Binning each value into its feature's
 * reference grid was, after the JSON parse, the largest per-value cost of the hot path (bench stream's profile;
 * {@code DriftKernelBench}): a branch-free binary search over 999 edges is ten loads in a chain.
 *
 * <p>The table splits [first edge, last edge] into equal slots, {@code slot(v) = (int) ((v - lo) * scale)} clamped
 * into the table, and keeps for each slot s the number of edges whose own slot is below s. Exact for any data, with
 * no assumption on rounding: slot is non-decreasing in v (subtraction, multiplication by a positive number, and
 * truncation all are, in IEEE arithmetic), so every edge of a lower slot is {@code <=} v and every edge of a higher
 * slot is {@code >} v; only the edges sharing v's slot are searched. Quantile edges are dense where the data is, so
 * a slot holds one or two edges on most features; a run of tied edges, or edges crowded into a few slots by a
 * long tail, is searched by halving as before. Immutable; shared by every window of a snapshot.
 */
public final class CellIndex {
    private final double[] edges;
    private final double lo, scale;
    private final int lastSlot;
    /** {@code below[s]}: edges whose slot is below s, for s in 0..slots; the edges of slot s are [below[s], below[s+1]). */
    private final int[] below;

    /** An index over {@code edges} (ascending, duplicates allowed; kept, not copied: they must not change). */
    public CellIndex(double[] edges) {
        this.edges = edges;
        int k = edges.length;
        for (int j = 0; j < k; j++) {
            if (!(j == 0 ? !Double.isNaN(edges[0]) : edges[j - 1] <= edges[j])) {
                throw new IllegalArgumentException("edges must be ascending numbers, at " + j);
            }
        }
        double first = k == 0 ? 0 : edges[0], last = k == 0 ? 0 : edges[k - 1];
        // about two slots per edge: most slots then hold at most one edge; 4 KB-8 KB of ints per 1000 edges
        int slots = k < 2 ? 1 : Integer.highestOneBit(k) * 2;
        double s = slots / (last - first);
        if (!(last > first) || !Double.isFinite(s) || !(s > 0)) {
            slots = 1; // one slot: the plain search (no edges, one value, or a range beyond doubles)
            s = 0;
        }
        this.lo = first;
        this.scale = s;
        this.lastSlot = slots - 1;
        this.below = new int[slots + 1];
        int j = 0;
        for (int slot = 0; slot < slots; slot++) {
            below[slot] = j;
            while (j < k && slot(edges[j]) == slot) j++;
        }
        below[slots] = k;
    }

    private int slot(double v) {
        int s = (int) ((v - lo) * scale);
        return s < 0 ? 0 : Math.min(s, lastSlot);
    }

    /** {@link GridHistogram#cell}{@code (edges, v)}; NaN cannot be binned. */
    public int cell(double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("NaN cannot be bucketed");
        }
        int s = slot(v);
        int base = below[s];
        int n = below[s + 1] - base;
        // The number of this slot's edges <= v, by the same branch-free halving as GridHistogram.bucket; the
        // answer lies in [base, base + n].
        while (n > 1) {
            int half = n >>> 1;
            base = edges[base + half - 1] <= v ? base + half : base;
            n -= half;
        }
        int b = n == 0 ? base : base + (edges[base] <= v ? 1 : 0);
        return b > 0 && edges[b - 1] == v ? 2 * b - 1 : 2 * b;
    }

    /** The edges indexed (read only). */
    double[] edges() {
        return edges;
    }
}
