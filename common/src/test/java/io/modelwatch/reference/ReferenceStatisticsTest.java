package io.modelwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelwatch.drift.GridHistogram;
import org.junit.jupiter.api.Test;

class ReferenceStatisticsTest {

    @Test
    void quantileGridIsR7AtIOverG() {
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        NumericReference r = ReferenceStatistics.numeric("f", v, 0, 0, 10, 100);
        // numpy.quantile(range(1, 12), [i/10 for i in range(11)]) = 1, 2, ..., 11
        assertThat(r.quantiles).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        NumericReference r4 = ReferenceStatistics.numeric("f", new double[] {0, 10}, 0, 0, 4, 100);
        assertThat(r4.quantiles).containsExactly(0, 2.5, 5, 7.5, 10);
        assertThat(r4.innerEdges()).containsExactly(2.5, 5, 7.5);
    }

    @Test
    void cellsCountEveryValueBetweenOrOnTheInnerEdges() {
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        NumericReference r = ReferenceStatistics.numeric("f", v, 0, 0, 10, 100);
        // inner edges 2..10; 1 below them, each of 2..10 on its edge, 11 above: cells 0, 1, 3, ..., 17, 18
        long[] expected = new long[19];
        expected[0] = 1;
        for (int b = 1; b <= 9; b++) expected[2 * b - 1] = 1;
        expected[18] = 1;
        assertThat(r.cellCounts).containsExactly(expected);
        assertThat(GridHistogram.bucketsFromCells(r.cellCounts)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 2);
    }

    @Test
    void momentsAreMeanPopulationStdMinMaxAndCounts() {
        double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
        NumericReference r = ReferenceStatistics.numeric("f", v, 3, 2, 10, 100);
        assertThat(r.name).isEqualTo("f");
        assertThat(r.count).isEqualTo(8);
        assertThat(r.missing).isEqualTo(3);
        assertThat(r.invalid).isEqualTo(2);
        assertThat(r.mean).isEqualTo(5.0);
        assertThat(r.std).isCloseTo(2.0, within(1e-15));
        assertThat(r.min).isEqualTo(2);
        assertThat(r.max).isEqualTo(9);
        assertThat(r.quantiles[0]).isEqualTo(2);
        assertThat(r.quantiles[10]).isEqualTo(9);
    }

    @Test
    void momentsStayPreciseFarFromZero() {
        double[] v = {1e9 + 1, 1e9 + 2, 1e9 + 3};
        NumericReference r = ReferenceStatistics.numeric("f", v, 0, 0, 10, 100);
        assertThat(r.mean).isEqualTo(1e9 + 2);
        assertThat(r.std).isCloseTo(Math.sqrt(2.0 / 3), within(1e-9));
    }

    @Test
    void oneValueGivesAFlatGridAndZeroStd() {
        NumericReference r = ReferenceStatistics.numeric("f", new double[] {4.5}, 0, 0, 10, 100);
        assertThat(r.quantiles).hasSize(11).containsOnly(4.5);
        assertThat(r.std).isZero();
        assertThat(r.cellCounts).hasSize(19);
        assertThat(r.cellCounts[17]).isEqualTo(1);
        assertThat(r.sample).containsExactly(4.5);
    }

    @Test
    void noValuesGiveAnEmptyReference() {
        NumericReference r = ReferenceStatistics.numeric("f", new double[0], 7, 1, 10, 100);
        assertThat(r.count).isZero();
        assertThat(r.missing).isEqualTo(7);
        assertThat(r.mean).isNaN();
        assertThat(r.std).isNaN();
        assertThat(r.quantiles).isEmpty();
        assertThat(r.cellCounts).isEmpty();
        assertThat(r.sample).isEmpty();
        assertThat(r.innerEdges()).isEmpty();
    }

    @Test
    void theSampleIsTheWholeReferenceWhenItFits() {
        double[] v = {1, 2, 2, 3, 9};
        NumericReference r = ReferenceStatistics.numeric("f", v, 0, 0, 10, 5);
        assertThat(r.sample).containsExactly(v).isNotSameAs(v);
        assertThat(r.sampleIsWholeReference()).isTrue();
        assertThat(ReferenceStatistics.sample(v, 100)).containsExactly(v);
    }

    @Test
    void theSampleIsEvenlySpacedOrderStatisticsOtherwise() {
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) v[i] = i;
        // ranks (i + 0.5) * 100 / 4 = 12.5, 37.5, 62.5, 87.5 -> 12, 37, 62, 87
        assertThat(ReferenceStatistics.sample(v, 4)).containsExactly(12, 37, 62, 87);
        assertThat(ReferenceStatistics.sample(v, 10)).containsExactly(5, 15, 25, 35, 45, 55, 65, 75, 85, 95);
        double[] s = ReferenceStatistics.sample(v, 99);
        assertThat(s).hasSize(99).isSorted();
        assertThat(s[0]).isZero();
        assertThat(s[98]).isEqualTo(99);
        NumericReference r = ReferenceStatistics.numeric("f", v, 0, 0, 10, 10);
        assertThat(r.sampleIsWholeReference()).isFalse();
        assertThat(r.sample).hasSize(10);
    }

    @Test
    void theSampleKeepsTheDistributionWithinOneOverTheLimit() {
        double[] v = new double[10_007];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
        java.util.Arrays.sort(v);
        int limit = 500;
        double[] s = ReferenceStatistics.sample(v, limit);
        for (double x : new double[] {-2, -1, -0.3, 0, 0.5, 1.7}) {
            double fullCdf = (double) GridHistogram.bucket(v, x) / v.length;
            double sampleCdf = (double) GridHistogram.bucket(s, x) / s.length;
            assertThat(sampleCdf).isCloseTo(fullCdf, within(1.0 / limit));
        }
    }
}
