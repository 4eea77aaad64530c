package io.modelwatch.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GridHistogramTest {

    @Test
    void bucketIsTheNumberOfEdgesAtOrBelowTheValue() {
        double[] edges = {1, 2, 2, 2, 5};
        assertThat(GridHistogram.bucket(edges, 0.5)).isEqualTo(0);
        assertThat(GridHistogram.bucket(edges, 1)).isEqualTo(1);
        assertThat(GridHistogram.bucket(edges, 1.5)).isEqualTo(1);
        assertThat(GridHistogram.bucket(edges, 2)).isEqualTo(4); // a value on tied edges goes above all of them
        assertThat(GridHistogram.bucket(edges, 4.9)).isEqualTo(4);
        assertThat(GridHistogram.bucket(edges, 5)).isEqualTo(5);
        assertThat(GridHistogram.bucket(edges, 1e300)).isEqualTo(5);
        assertThat(GridHistogram.bucket(edges, Double.NEGATIVE_INFINITY)).isEqualTo(0);
        assertThat(GridHistogram.bucket(new double[0], 3)).isEqualTo(0);
        assertThatThrownBy(() -> GridHistogram.bucket(edges, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cellCountsOfSortedValuesEqualCountingEachValuesCell() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            // values on a coarse lattice so that many equal an edge; tied edges; signed zeros; a prefix of the array
            int n = 1 + random.nextInt(400);
            double[] values = new double[n + 3];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(4) == 0 ? (random.nextBoolean() ? 0.0 : -0.0) : (random.nextInt(41) - 20) / 4.0;
            }
            Arrays.sort(values, 0, n);
            double[] edges = new double[random.nextInt(12)];
            for (int i = 0; i < edges.length; i++) edges[i] = (random.nextInt(33) - 16) / 4.0;
            if (edges.length > 1 && random.nextBoolean()) edges[1] = edges[0];
            Arrays.sort(edges);
            long[] expected = new long[2 * edges.length + 1];
            for (int i = 0; i < n; i++) expected[GridHistogram.cell(edges, values[i])]++;
            assertThat(GridHistogram.cellCountsOfSorted(edges, values, n)).as("round %d", round).containsExactly(expected);
        }
    }

    @Test
    void cellSeparatesValuesOnAnEdgeAndIsOrderedLikeTheValues() {
        double[] edges = {1, 2, 2, 2, 5};
        assertThat(GridHistogram.cell(edges, 0.5)).isEqualTo(0);
        assertThat(GridHistogram.cell(edges, 1)).isEqualTo(1);
        assertThat(GridHistogram.cell(edges, 1.5)).isEqualTo(2);
        assertThat(GridHistogram.cell(edges, 2)).isEqualTo(7);
        assertThat(GridHistogram.cell(edges, 3)).isEqualTo(8);
        assertThat(GridHistogram.cell(edges, 5)).isEqualTo(9);
        assertThat(GridHistogram.cell(edges, 6)).isEqualTo(10);
        double[] values = {0.5, 1, 1.5, 2, 3, 5, 6};
        long[] cells = new long[2 * edges.length + 1];
        long[] buckets = new long[edges.length + 1];
        for (double v : values) {
            cells[GridHistogram.cell(edges, v)]++;
            buckets[GridHistogram.bucket(edges, v)]++;
        }
        assertThat(GridHistogram.bucketsFromCells(cells)).containsExactly(buckets);
    }

    @Test
    void psiEdgeBucketsMatchNumpySearchsorted() {
        for (JsonNode c : Golden.cases("numeric_cases.json")) {
            String name = c.get("name").asText();
            double[] ref = Golden.sortedSample(c.get("ref"));
            double[] edges = new double[9];
            for (int k = 1; k <= 9; k++) {
                edges[k - 1] = Quantiles.r7(ref, k / 10.0);
            }
            assertThat(edges).as(name).containsExactly(Golden.doubles(c.get("psi_edges")));
            assertThat(histogram(edges, ref)).as(name).containsExactly(Golden.longs(c.get("psi_ref_counts")));
            assertThat(histogram(edges, Golden.sortedSample(c.get("cur"))))
                    .as(name).containsExactly(Golden.longs(c.get("psi_cur_counts")));
        }
    }

    @Test
    void collapsingTheGridEqualsBucketingWithThePsiEdges() {
        Random rnd = new Random(42);
        int[] grids = {10, 20, 100, 1000};
        for (int trial = 0; trial < 60; trial++) {
            int g = grids[trial % grids.length];
            double[] ref = sample(rnd, trial % 5, 1 + rnd.nextInt(3000));
            double[] cur = sample(rnd, (trial / 5) % 5, 1 + rnd.nextInt(3000));
            for (int i = 0; i < cur.length; i += 7) {
                cur[i] = cur[i] * 3 - 1; // values beyond the reference min/max
            }
            Arrays.sort(ref);
            double[] grid = Quantiles.grid(ref, g);
            double[] inner = Arrays.copyOfRange(grid, 1, g);
            double[] psiEdges = new double[9];
            for (int k = 1; k <= 9; k++) {
                psiEdges[k - 1] = Quantiles.r7(ref, k / 10.0);
            }
            for (double[] data : new double[][] {ref, cur}) {
                long[] direct = histogram(psiEdges, data);
                long[] collapsed = GridHistogram.psiBucketsFromGrid(histogram(inner, data), g);
                assertThat(collapsed).as("trial %d g=%d", trial, g).containsExactly(direct);
            }
        }
    }

    @Test
    void theInPlaceCollapsesOverwriteWhatTheyAreGivenWithTheAllocatingOnesCounts() {
        Random rnd = new Random(3);
        long[] buckets = new long[1000], psi = new long[10];
        for (int trial = 0; trial < 50; trial++) {
            int g = trial % 2 == 0 ? 1000 : 10;
            long[] cells = new long[2 * g - 1 + 6];
            for (int c = 0; c < cells.length; c++) cells[c] = rnd.nextInt(4) == 0 ? rnd.nextInt(1000) : 0;
            int from = trial % 7;
            java.util.Arrays.fill(buckets, -1);
            GridHistogram.bucketsFromCells(cells, from, 2 * g - 1, buckets);
            long[] expected = GridHistogram.bucketsFromCells(cells, from, 2 * g - 1);
            assertThat(Arrays.copyOf(buckets, g)).containsExactly(expected);
            java.util.Arrays.fill(psi, -1);
            GridHistogram.psiBucketsFromGrid(Arrays.copyOf(buckets, g), g, psi);
            assertThat(psi).containsExactly(GridHistogram.psiBucketsFromGrid(expected, g));
        }
    }

    @Test
    void collapsingIsExactForAConstantFeature() {
        double[] ref = new double[50];
        Arrays.fill(ref, 4.0);
        double[] grid = Quantiles.grid(ref, 1000);
        double[] inner = Arrays.copyOfRange(grid, 1, 1000);
        double[] cur = {3.9, 4.0, 4.0, 4.1};
        long[] collapsed = GridHistogram.psiBucketsFromGrid(histogram(inner, cur), 1000);
        assertThat(collapsed).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 3);
        assertThat(collapsed).containsExactly(histogram(new double[] {4, 4, 4, 4, 4, 4, 4, 4, 4}, cur));
    }

    @Test
    void psiCollapseRefusesABadGrid() {
        assertThatThrownBy(() -> GridHistogram.psiBucketsFromGrid(new long[15], 15))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GridHistogram.psiBucketsFromGrid(new long[999], 1000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static long[] histogram(double[] edges, double[] values) {
        long[] counts = new long[edges.length + 1];
        for (double v : values) {
            counts[GridHistogram.bucket(edges, v)]++;
        }
        return counts;
    }

    /** kind 0 normal, 1 small integers (ties), 2 constant, 3 two-point, 4 lognormal. */
    static double[] sample(Random rnd, int kind, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case 0 -> x[i] = rnd.nextGaussian();
                case 1 -> x[i] = rnd.nextInt(4);
                case 2 -> x[i] = 7.0;
                case 3 -> x[i] = rnd.nextDouble() < 0.93 ? 0.0 : 1.0;
                default -> x[i] = Math.exp(rnd.nextGaussian());
            }
        }
        return x;
    }
}
