package io.modelwatch.reference;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** RadixSort against Arrays.sort, bit for bit (so -0.0 and 0.0 are told apart), on values that stress the key. */
class RadixSortTest {
    private static void sameAsArraysSort(double[] values, int n, String what) {
        double[] expected = Arrays.copyOf(values, values.length), actual = Arrays.copyOf(values, values.length);
        Arrays.sort(expected, 0, n);
        RadixSort.sort(actual, n);
        for (int i = 0; i < values.length; i++) {
            assertThat(Double.doubleToRawLongBits(actual[i])).as("%s: value %d of %d", what, i, n)
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    private static double[] fill(int n, DoubleSupplier s) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = s.getAsDouble();
        return a;
    }

    @Test
    void sortsAsArraysSortDoesWhateverTheValues() {
        Random r = new Random(5);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0, Double.MIN_NORMAL, 1e-310};
        for (int n : new int[] {RadixSort.MIN_RADIX - 1, RadixSort.MIN_RADIX, 1000, 50_000}) {
            sameAsArraysSort(fill(n, r::nextGaussian), n, "normal");
            sameAsArraysSort(fill(n, () -> 1e6 + r.nextGaussian()), n, "narrow range far from 0 (constant top bytes)");
            sameAsArraysSort(fill(n, () -> r.nextInt(7) - 3), n, "few distinct values, ties and zeros");
            sameAsArraysSort(fill(n, () -> special[r.nextInt(special.length)]), n, "signed zeros, subnormals, infinities");
            sameAsArraysSort(fill(n, () -> Double.longBitsToDouble(r.nextLong() & 0x7FEFFFFFFFFFFFFFL) * (r.nextBoolean() ? 1 : -1)),
                    n, "any finite bits");
            sameAsArraysSort(fill(n, () -> 42.0), n, "one value");
            double[] ascending = fill(n, r::nextDouble);
            Arrays.sort(ascending);
            sameAsArraysSort(ascending, n, "already sorted");
        }
    }

    @Test
    void sortsOnlyTheFirstNAndLeavesTheRest() {
        Random r = new Random(6);
        double[] a = fill(3000, r::nextGaussian);
        sameAsArraysSort(a, 2000, "prefix of 2000");
    }

    @Test
    void aNaNLeavesItToArraysSortWhichPutsEveryNaNLast() {
        Random r = new Random(7);
        double[] a = fill(5000, r::nextGaussian);
        a[17] = Double.NaN;
        a[4000] = Double.longBitsToDouble(0xFFF8000000000001L); // a NaN with its sign bit set
        sameAsArraysSort(a, a.length, "with NaNs");
    }
}
