package io.modelwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumericReferenceTest {

    private static void assertCoarsenEqualsDirect(double[] values, int fine, int coarse) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        NumericReference direct = ReferenceStatistics.numeric("f", sorted, 2, 1, coarse, 50);
        NumericReference coarsened = ReferenceStatistics.numeric("f", sorted, 2, 1, fine, 50).coarsen(coarse);
        String what = "grid " + fine + " -> " + coarse + " of " + Arrays.toString(sorted);
        assertThat(coarsened.quantiles).as(what).containsExactly(direct.quantiles);
        assertThat(coarsened.innerEdges()).as(what).containsExactly(direct.innerEdges());
        assertThat(coarsened.cellCounts).as(what).containsExactly(direct.cellCounts);
        assertThat(coarsened.count).isEqualTo(direct.count);
        assertThat(coarsened.missing).isEqualTo(2);
        assertThat(coarsened.invalid).isEqualTo(1);
        assertThat(coarsened.mean).isEqualTo(direct.mean);
        assertThat(coarsened.std).isEqualTo(direct.std);
        assertThat(coarsened.min).isEqualTo(direct.min);
        assertThat(coarsened.max).isEqualTo(direct.max);
        assertThat(coarsened.sample).containsExactly(direct.sample);
    }

    @Test
    void coarsenEqualsBuildingTheReferenceWithTheCoarseGridOnContinuousData() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int n : new int[] {1, 2, 7, 10, 99, 1000, 1234}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = rnd.nextGaussian() * 3 + 1;
            assertCoarsenEqualsDirect(v, 1000, 100);
            assertCoarsenEqualsDirect(v, 1000, 10);
            assertCoarsenEqualsDirect(v, 1000, 500);
            assertCoarsenEqualsDirect(v, 100, 20);
        }
    }

    @Test
    void coarsenEqualsBuildingTheReferenceWithTheCoarseGridOnTiedIntegerData() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int n : new int[] {3, 30, 500, 2000}) {
            for (int levels : new int[] {1, 2, 3, 5, 12}) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = rnd.nextInt(levels);
                assertCoarsenEqualsDirect(v, 1000, 10);
                assertCoarsenEqualsDirect(v, 1000, 100);
                assertCoarsenEqualsDirect(v, 200, 40);
            }
        }
    }

    @Test
    void coarsenKeepsValuesOnDuplicatedEdgesOnTheirEdge() {
        // a point mass: most fine edges are 0, and values on it must stay "on an edge" in the coarse cells
        double[] v = new double[100];
        for (int i = 60; i < 100; i++) v[i] = i - 59;
        assertCoarsenEqualsDirect(v, 100, 10);
        double[] allSame = new double[40];
        Arrays.fill(allSame, 7.5);
        assertCoarsenEqualsDirect(allSame, 1000, 10);
        NumericReference coarse = ReferenceStatistics.numeric("f", allSame, 0, 0, 1000, 10).coarsen(10);
        assertThat(coarse.cellCounts).hasSize(19);
        assertThat(coarse.cellCounts[17]).isEqualTo(40); // on the last of nine equal edges
    }

    @Test
    void coarsenToTheSameGridOrZeroIsTheSameReference() {
        NumericReference r = ReferenceStatistics.numeric("f", SnapshotFixtures.TIED, 0, 0, 100, 10);
        assertThat(r.coarsen(100)).isSameAs(r);
        assertThat(r.coarsen(0)).isSameAs(r);
    }

    @Test
    void coarsenRefusesAGridThatDoesNotDivideTheSnapshotsGrid() {
        NumericReference r = ReferenceStatistics.numeric("f", SnapshotFixtures.TIED, 0, 0, 100, 10);
        assertThatThrownBy(() -> r.coarsen(30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30").hasMessageContaining("100");
        assertThatThrownBy(() -> r.coarsen(200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFeatureWithNoValuesCoarsensToItself() {
        NumericReference empty = ReferenceStatistics.numeric("f", new double[0], 5, 0, 1000, 10);
        NumericReference coarse = empty.coarsen(10);
        assertThat(coarse.count).isZero();
        assertThat(coarse.missing).isEqualTo(5);
        assertThat(coarse.quantiles).isEmpty();
        assertThat(coarse.cellCounts).isEmpty();
    }

    @Test
    void missingRateCountsMissingOverEverything() {
        NumericReference r = ReferenceStatistics.numeric("f", new double[] {1, 2, 3, 4, 5, 6}, 3, 1, 10, 10);
        assertThat(r.missingRate()).isEqualTo(0.3);
        assertThat(ReferenceStatistics.numeric("f", new double[0], 0, 0, 10, 10).missingRate()).isZero();
    }

    @Test
    void withGridCoarsensEveryNumericFeatureAndKeepsTheRest() {
        Snapshot s = new Snapshot("m", 1, 2, 3, 100, 10,
                List.of(ReferenceStatistics.numeric("b", SnapshotFixtures.TIED, 0, 0, 100, 10),
                        ReferenceStatistics.numeric("a", new double[] {1, 2, 3}, 0, 0, 100, 10)),
                SnapshotFixtures.v1().categorical());
        Snapshot coarse = s.withGrid(20);
        assertThat(coarse.grid).isEqualTo(20);
        assertThat(coarse.numeric()).extracting(r -> r.name).containsExactly("a", "b");
        assertThat(coarse.numeric(1).cellCounts)
                .containsExactly(ReferenceStatistics.numeric("b", SnapshotFixtures.TIED, 0, 0, 20, 10).cellCounts);
        assertThat(coarse.categorical()).isEqualTo(s.categorical());
        assertThat(coarse.model).isEqualTo("m");
        assertThat(coarse.records).isEqualTo(3);
        assertThat(s.withGrid(100)).isSameAs(s);
        assertThat(s.withGrid(0)).isSameAs(s);
    }

    @Test
    void withGridRefusesAGridThatIsNotAMultipleOfTenOrDoesNotDivide() {
        Snapshot s = new Snapshot("m", 1, 2, 3, 100, 10,
                List.of(ReferenceStatistics.numeric("a", SnapshotFixtures.TIED, 0, 0, 100, 10)), List.of());
        assertThatThrownBy(() -> s.withGrid(25)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 10");
        assertThatThrownBy(() -> s.withGrid(30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("divide");
        assertThatThrownBy(() -> s.withGrid(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("divide");
    }

    @Test
    void withGridRefusesAGridThatDoesNotDivideEvenWithoutNumericFeatures() {
        Snapshot s = new Snapshot("m", 1, 2, 3, 100, 10, List.of(), SnapshotFixtures.v1().categorical());
        assertThatThrownBy(() -> s.withGrid(30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("divide");
    }

    @Test
    void snapshotIndexesFeaturesInNameOrder() {
        Snapshot s = SnapshotFixtures.v1();
        assertThat(s.numeric()).extracting(r -> r.name).containsExactly("num_empty", "num_spread", "num_tied");
        assertThat(s.numericIndex("num_tied")).isEqualTo(2);
        assertThat(s.numericIndex("cat_00")).isEqualTo(-1);
        assertThat(s.categoricalIndex("cat_00")).isZero();
        assertThat(s.categoricalIndex("flag_01")).isEqualTo(1);
        assertThat(s.categoricalIndex("nope")).isEqualTo(-1);
        assertThat(s.categorical(0).categoryIndex("beta")).isEqualTo(1);
        assertThat(s.categorical(0).categoryIndex("gamma")).isEqualTo(-1);
    }
}
