package io.modelwatch.drift;

/**
 * 1-Wasserstein (earth mover's) distance between two one-dimensional samples (CONTRACT.md section 3,
 * "wasserstein"): {@code W = integral |F_a(x) - F_b(x)| dx}. The contract writes
 * {@link #normalized W / max(std_ref, 0.001)}.
 */
public final class Wasserstein {

    /** Smallest divisor used by {@link #normalized} (contract). */
    public static final double MIN_STD = 0.001;

    private Wasserstein() {}

    /**
     * Exact distance of two ascending-sorted samples, as {@code scipy.stats.wasserstein_distance(a, b)}:
     * the sum over consecutive values x_k &lt; x_{k+1} of the pooled sample of
     * {@code |F_a(x_k) - F_b(x_k)| (x_{k+1} - x_k)}. NaN when either sample is empty.
     */
    public static double exact(double[] sortedA, double[] sortedB) {
        int n = sortedA.length;
        int m = sortedB.length;
        if (n == 0 || m == 0) {
            return Double.NaN;
        }
        int i = 0;
        int j = 0;
        double sum = 0;
        double x = Math.min(sortedA[0], sortedB[0]);
        while (i < n || j < m) {
            while (i < n && sortedA[i] <= x) {
                i++;
            }
            while (j < m && sortedB[j] <= x) {
                j++;
            }
            if (i == n && j == m) {
                break;
            }
            double next = i == n ? sortedB[j] : j == m ? sortedA[i] : Math.min(sortedA[i], sortedB[j]);
            sum += Math.abs((double) i / n - (double) j / m) * (next - x);
            x = next;
        }
        return sum;
    }

    /**
     * Approximation from two histograms on the same ascending edges (buckets as {@link GridHistogram#bucket}:
     * {@code counts.length == edges.length + 1}). Each sample's CDF is taken as piecewise linear: 0 at its
     * observed min, {@code cum_b / n} at each edge (clamped into [min, max]), 1 at its max; the outer buckets
     * are thus bounded by the observed min/max, and a bucket whose edge equals the max keeps the point mass
     * at the max. The integral of |F_ref - F_cur| of these two polygons is computed exactly.
     *
     * <p>Observed error on a 1000-quantile reference grid ({@code WassersteinTest}, 2 000 to 200 000 values):
     * at most 0.06 std_ref on normal data (mean shift up to 0.4 std, spread up to 1.5x) and 0.09 std_ref on
     * lognormal data (log-mean shift up to 0.4). The error comes almost entirely from the outer buckets:
     * current mass beyond the reference min/max is spread evenly out to the current extreme, so a heavy tail
     * beyond the reference range is over-counted without bound (3x the exact distance for a lognormal whose
     * log-spread grows 1.5x). Exact mode ({@link #exact}) has no such error.
     *
     * @return NaN when either histogram is empty
     */
    public static double fromGrid(double[] edges, long[] refCounts, long[] curCounts,
                                  double refMin, double refMax, double curMin, double curMax) {
        if (refCounts.length != edges.length + 1 || curCounts.length != edges.length + 1) {
            throw new IllegalArgumentException("counts must have edges.length + 1 buckets");
        }
        double[][] ref = polygon(edges, refCounts, refMin, refMax);
        return fromGrid(ref == null ? null : new Cdf(ref), edges, curCounts, curMin, curMax);
    }

    /**
     * {@link #fromGrid(double[], long[], long[], double, double, double, double)} with the reference's side made
     * once ({@link #cdf}): the reference is the same for every window, so scoring need not build its CDF again.
     *
     * @param ref the reference's {@link #cdf}, null when it was empty
     */
    public static double fromGrid(Cdf ref, double[] edges, long[] curCounts, double curMin, double curMax) {
        return fromGrid(ref, edges, curCounts, curMin, curMax, new Scratch(edges.length));
    }

    /**
     * {@link #fromGrid(Cdf, double[], long[], double, double)} in {@code scratch}'s arrays: scoring a window calls it
     * once per feature, and its polygon, merged knots and cursors were 50 KB of garbage each time (1000 features x
     * every window). The same arithmetic in the same order, so the same bits.
     */
    public static double fromGrid(Cdf ref, double[] edges, long[] curCounts, double curMin, double curMax, Scratch scratch) {
        if (curCounts.length != edges.length + 1) {
            throw new IllegalArgumentException("counts must have edges.length + 1 buckets");
        }
        scratch.fit(edges.length);
        if (ref == null || !polygon(edges, curCounts, curMin, curMax, scratch.xs, scratch.fs)) {
            return Double.NaN;
        }
        int knots = edges.length + 2;
        if (scratch.merged.length < ref.xs.length + knots) scratch.merged = new double[ref.xs.length + knots];
        double[] xs = scratch.merged;
        int m = mergeSortedUnique(ref.xs, ref.xs.length, scratch.xs, knots, xs);
        // The sweep's points only increase, so each polygon is read through forward-only cursors: O(g), not
        // a binary search per point (which made scoring 1000 features x 24 windows take seconds).
        Cursor refAt = scratch.refAt.reset(ref.xs, ref.fs, ref.xs.length), curAt = scratch.curAt.reset(scratch.xs, scratch.fs, knots);
        double sum = 0;
        for (int t = 0; t + 1 < m; t++) {
            double a = xs[t];
            double b = xs[t + 1];
            double d0 = refAt.rightLimit(a) - curAt.rightLimit(a);
            double d1 = refAt.leftLimit(b) - curAt.leftLimit(b);
            double w = b - a;
            double ad0 = Math.abs(d0);
            double ad1 = Math.abs(d1);
            if (d0 * d1 >= 0) {
                sum += w * (ad0 + ad1) / 2;
            } else {
                sum += w * (d0 * d0 + d1 * d1) / (2 * (ad0 + ad1));
            }
        }
        return sum;
    }

    /** The working arrays of {@link #fromGrid(Cdf, double[], long[], double, double, Scratch)}; one per thread. */
    public static final class Scratch {
        private double[] xs, fs, merged;
        private final Cursor refAt = new Cursor(), curAt = new Cursor();

        /** For grids of {@code edges} inner edges (it grows when given more). */
        public Scratch(int edges) {
            fit(edges);
        }

        void fit(int edges) {
            if (xs != null && xs.length >= edges + 2) return;
            xs = new double[edges + 2];
            fs = new double[edges + 2];
            merged = new double[2 * (edges + 2)];
        }
    }

    /** {@code w / max(stdRef, 0.001)} (contract); NaN stays NaN. */
    public static double normalized(double w, double stdRef) {
        return w / Math.max(stdRef, MIN_STD);
    }

    /** One sample's piecewise linear CDF as {@link #fromGrid} takes it (its knots; read only). */
    public static final class Cdf {
        final double[] xs, fs;

        private Cdf(double[][] knots) {
            xs = knots[0];
            fs = knots[1];
        }
    }

    /** The CDF {@link #fromGrid} makes of a histogram on {@code edges} ({@code edges.length + 1} counts); null when empty. */
    public static Cdf cdf(double[] edges, long[] counts, double min, double max) {
        if (counts.length != edges.length + 1) {
            throw new IllegalArgumentException("counts must have edges.length + 1 buckets");
        }
        double[][] knots = polygon(edges, counts, min, max);
        return knots == null ? null : new Cdf(knots);
    }

    /** Knots {xs, Fs} of one sample's piecewise linear CDF, or null when it is empty. */
    private static double[][] polygon(double[] edges, long[] counts, double min, double max) {
        double[] xs = new double[edges.length + 2];
        double[] fs = new double[edges.length + 2];
        return polygon(edges, counts, min, max, xs, fs) ? new double[][] {xs, fs} : null;
    }

    /** The knots into {@code xs[0, k+2)} and {@code fs[0, k+2)}; false (nothing written) when the sample is empty. */
    private static boolean polygon(double[] edges, long[] counts, double min, double max, double[] xs, double[] fs) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        if (n == 0 || !(min <= max)) {
            return false;
        }
        int k = edges.length;
        xs[0] = min;
        fs[0] = 0;
        long cum = 0;
        for (int b = 0; b < k; b++) {
            cum += counts[b];
            xs[b + 1] = Math.min(max, Math.max(min, edges[b]));
            fs[b + 1] = (double) cum / n;
        }
        xs[k + 1] = max;
        fs[k + 1] = 1;
        return true;
    }

    /** Reads one polygon at non-decreasing x. */
    private static final class Cursor {
        private double[] xs;
        private double[] fs;
        private int last;
        private int right; // last knot <= the previous x
        private int left = 1; // first knot >= the previous x

        /** Reads the polygon of knots {@code xs[0, n)}, {@code fs[0, n)} from its start. */
        Cursor reset(double[] xs, double[] fs, int n) {
            this.xs = xs;
            this.fs = fs;
            last = n - 1;
            right = 0;
            left = 1;
            return this;
        }

        /** F(x+) (last knot wins at a vertical jump). */
        double rightLimit(double x) {
            if (x < xs[0]) {
                return 0;
            }
            if (x >= xs[last]) {
                return 1;
            }
            while (xs[right + 1] <= x) {
                right++;
            }
            int p = right;
            return fs[p] + (fs[p + 1] - fs[p]) * (x - xs[p]) / (xs[p + 1] - xs[p]);
        }

        /** F(x-) (first knot wins at a vertical jump). */
        double leftLimit(double x) {
            if (x <= xs[0]) {
                return 0;
            }
            if (x > xs[last]) {
                return 1;
            }
            while (xs[left] < x) {
                left++;
            }
            int p = left;
            return fs[p - 1] + (fs[p] - fs[p - 1]) * (x - xs[p - 1]) / (xs[p] - xs[p - 1]);
        }
    }

    /** The ascending distinct values of {@code a[0, na)} and {@code b[0, nb)} into {@code out}; returns how many. */
    private static int mergeSortedUnique(double[] a, int na, double[] b, int nb, double[] out) {
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < na || j < nb) {
            double v = j == nb || (i < na && a[i] <= b[j]) ? a[i++] : b[j++];
            if (k == 0 || v > out[k - 1]) {
                out[k++] = v;
            }
        }
        return k;
    }
}
