package io.modelwatch.reference;

import java.util.Arrays;

/**
 * Sorting a feature's reference values, the order {@link Arrays#sort(double[])} gives, by a least-significant-digit
 * radix sort of their bits: sorting each feature's kept values was half of the reference's {@code feature-reference}
 * stage (JFR, 1000 features x 50,000 events: 340 of its 654 samples in {@code DualPivotQuicksort}), and a
 * comparison sort of random values mispredicts a branch at every other comparison.
 *
 * <p>A double's bits, with every bit flipped for a negative number and only the sign bit for a positive one, sort
 * as unsigned longs in the double's order, -0.0 before 0.0 as {@code Arrays.sort} has them. Eight passes of a byte
 * each; a byte that is the same in every value (the sign and the top of the exponent, for most features) is no
 * pass, told by one counting sweep over all eight bytes first. It takes two long arrays of the values' length
 * besides the result, so beyond {@link #MAX_RADIX} values (and below {@link #MIN_RADIX}, where the counting costs
 * more than it saves) and wherever there is a NaN it leaves the work to {@code Arrays.sort}.
 */
final class RadixSort {
    /** At most 2^22 values (64 MB of scratch) by radix; more by Arrays.sort, in place. */
    static final int MAX_RADIX = 1 << 22;
    static final int MIN_RADIX = 512;

    private RadixSort() {}

    /** Sorts {@code a[0, n)} ascending, as {@link Arrays#sort(double[], int, int)} does. */
    static void sort(double[] a, int n) {
        if (n < MIN_RADIX || n > MAX_RADIX) {
            Arrays.sort(a, 0, n);
            return;
        }
        long[] keys = new long[n];
        int[][] counts = new int[8][256];
        for (int i = 0; i < n; i++) {
            double v = a[i];
            if (v != v) { // NaN: Arrays.sort puts every NaN last, whatever its sign bit
                Arrays.sort(a, 0, n);
                return;
            }
            long bits = Double.doubleToRawLongBits(v);
            long k = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            keys[i] = k;
            for (int d = 0; d < 8; d++) counts[d][(int) (k >>> (8 * d)) & 0xFF]++;
        }
        long[] from = keys, to = new long[n];
        for (int d = 0; d < 8; d++) {
            int[] c = counts[d];
            if (c[(int) (from[0] >>> (8 * d)) & 0xFF] == n) continue; // every value has this byte: no reordering
            int sum = 0;
            for (int b = 0; b < 256; b++) {
                int x = c[b];
                c[b] = sum;
                sum += x;
            }
            int shift = 8 * d;
            for (int i = 0; i < n; i++) {
                long k = from[i];
                to[c[(int) (k >>> shift) & 0xFF]++] = k;
            }
            long[] t = from;
            from = to;
            to = t;
        }
        for (int i = 0; i < n; i++) {
            long k = from[i];
            a[i] = Double.longBitsToDouble(k ^ ((~k >> 63) | Long.MIN_VALUE));
        }
    }
}
