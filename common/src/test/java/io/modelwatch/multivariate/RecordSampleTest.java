package io.modelwatch.multivariate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reference's joint sample before typing: whatever the split over readers and the way it is merged (as
 * objects, or bytes record by record as the snapshot writer does), the same records, laid out the same.
 */
class RecordSampleTest {
    private static final String[] NAMES = {"a", "b", "c", "d"};

    /** Record i: keys in an order of its own, sometimes one left out. */
    private static void offer(RecordSample s, int i, Random random) {
        String[] names = new String[NAMES.length];
        double[] values = new double[NAMES.length];
        int n = 0;
        for (int k = 0; k < NAMES.length; k++) {
            int j = (k + i) % NAMES.length; // rotated key order
            if (i % 7 == 0 && j == 2) continue; // c absent
            names[n] = NAMES[j];
            values[n++] = j * 100 + random.nextGaussian();
        }
        s.offer(1_000L * i, names, values, n);
    }

    @Test
    void sameRowsWhateverTheSplitAndTheMerge() {
        int limit = 150, records = 3000;
        RecordSample one = new RecordSample(limit);
        RecordSample[] parts = {new RecordSample(limit), new RecordSample(limit), new RecordSample(limit)};
        Random a = new Random(5), b = new Random(5);
        for (int i = 0; i < records; i++) {
            offer(one, i, a);
            offer(parts[(i * 31) % 3], i, b);
        }
        RecordSample byBytes = RecordSample.fromBytes(parts[2].toBytes());
        byBytes.mergeBytes(parts[0].toBytes()).mergeBytes(parts[1].toBytes());
        RecordSample byObjects = new RecordSample(limit).merge(parts[1]).merge(parts[0]).merge(parts[2]);
        String[] order = {"d", "b", "a", "c", "x"};
        double[][] expected = one.rows(order);
        assertThat(expected).hasNumberOfRows(limit);
        assertSameRows(byBytes.rows(order), expected);
        assertSameRows(byObjects.rows(order), expected);
        assertThat(byBytes.times()).containsExactly(one.times());
        assertSameRows(RecordSample.fromBytes(one.toBytes()).rows(order), expected);
        // every value lands in its feature's column whatever the key order; absent keys and unknown features are NaN
        int absent = 0;
        for (double[] row : expected) {
            assertThat(row[4]).isNaN();
            assertThat(row[0]).isBetween(290.0, 310.0);
            assertThat(row[2]).isBetween(-10.0, 10.0);
            if (Double.isNaN(row[3])) absent++;
            else assertThat(row[3]).isBetween(190.0, 210.0);
        }
        assertThat(absent).as("records without c").isPositive();
    }

    /** Bit for bit, NaN (missing) equal to NaN. */
    private static void assertSameRows(double[][] actual, double[][] expected) {
        assertThat(actual).hasSameDimensionsAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Arrays.equals(actual[i], expected[i])).as("row %d: %s vs %s", i, Arrays.toString(actual[i]),
                    Arrays.toString(expected[i])).isTrue();
        }
    }

    @Test
    void samplesOfAnotherLimitDoNotMerge() {
        RecordSample s = new RecordSample(10);
        s.offer(1, new String[] {"a"}, new double[] {1}, 1);
        byte[] other = new RecordSample(20).toBytes();
        assertThatThrownBy(() -> s.mergeBytes(other)).isInstanceOf(IllegalArgumentException.class);
    }
}
