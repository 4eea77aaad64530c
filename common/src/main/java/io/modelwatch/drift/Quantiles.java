package io.modelwatch.drift;

/**
 * Sample quantiles of the linear-interpolation kind (R-7, numpy's default {@code method='linear'}),
 * as defined in CONTRACT.md section 3: for sorted {@code x} of n values and probability p,
 * {@code h = (n-1)p} and {@code q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])}.
 *
 * <p>The interpolation is evaluated the way numpy's {@code _lerp} does it (from the upper point when
 * the fraction is at least 0.5), so results agree with {@code numpy.quantile} to the last bits and are
 * monotone in p.
 */
public final class Quantiles {

    private Quantiles() {}

    /**
     * R-7 quantile of an ascending-sorted sample.
     *
     * @param sorted ascending values, no NaN (not checked: the caller sorts and filters)
     * @param p probability in [0, 1]
     * @throws IllegalArgumentException if {@code sorted} is empty or p is outside [0, 1]
     */
    public static double r7(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("quantile of an empty sample");
        }
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double t = h - lo;
        double a = sorted[lo];
        double b = sorted[lo + 1];
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /**
     * The quantile grid of a reference sample: {@code g + 1} R-7 quantiles at {@code p = i / g},
     * {@code i = 0..g}. {@code grid[0]} is the minimum and {@code grid[g]} the maximum; with
     * {@code g = 1000}, {@code grid[100 * k]} is the PSI edge for {@code p = k / 10} (bit-identical to
     * {@code r7(sorted, k / 10.0)}).
     *
     * @throws IllegalArgumentException if {@code sorted} is empty or {@code g < 1}
     */
    public static double[] grid(double[] sorted, int g) {
        if (g < 1) {
            throw new IllegalArgumentException("grid size must be >= 1: " + g);
        }
        double[] q = new double[g + 1];
        for (int i = 0; i <= g; i++) {
            q[i] = r7(sorted, (double) i / g);
        }
        return q;
    }
}
