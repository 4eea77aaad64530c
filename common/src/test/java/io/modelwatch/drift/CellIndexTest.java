package io.modelwatch.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CellIndex gives GridHistogram.cell's cell (itself checked against numpy) for every value, on any grid. */
class CellIndexTest {

    @Test
    void sameCellAsTheSearchOnEveryKindOfGrid() {
        Random rnd = new Random(7);
        int[] grids = {2, 3, 10, 100, 1000, 4000};
        for (int trial = 0; trial < 120; trial++) {
            int g = grids[trial % grids.length];
            double[] ref = GridHistogramTest.sample(rnd, trial % 5, 1 + rnd.nextInt(5000));
            if (trial % 7 == 0) for (int i = 0; i < ref.length; i++) ref[i] *= 1e300; // a range beyond doubles
            if (trial % 11 == 0) for (int i = 0; i < ref.length; i++) ref[i] = ref[i] * 1e-300;
            Arrays.sort(ref);
            double[] inner = Arrays.copyOfRange(Quantiles.grid(ref, g), 1, g);
            CellIndex index = new CellIndex(inner);
            for (double v : probes(rnd, inner, ref)) {
                assertThat(index.cell(v)).as("trial %d g=%d v=%s", trial, g, v).isEqualTo(GridHistogram.cell(inner, v));
            }
        }
    }

    @Test
    void sameCellOnSmallAndOddEdges() {
        Random rnd = new Random(11);
        double[][] grids = {
            {}, {3.0}, {-0.0, 0.0}, {0.0, 0.0, 0.0}, {1, 2, 2, 2, 5}, {-Double.MAX_VALUE, Double.MAX_VALUE},
            {-1e308, -1e307, 0, 1e307, 1e308}, {Double.MIN_VALUE, 2 * Double.MIN_VALUE, 1}, {1, 1, 1, 1, 1, 1, 2},
        };
        for (double[] edges : grids) {
            CellIndex index = new CellIndex(edges);
            for (double v : probes(rnd, edges, edges)) {
                assertThat(index.cell(v)).as("%s v=%s", Arrays.toString(edges), v).isEqualTo(GridHistogram.cell(edges, v));
            }
        }
    }

    @Test
    void refusesNaNAndUnsortedEdges() {
        assertThatThrownBy(() -> new CellIndex(new double[] {1, 2, 3}).cell(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CellIndex(new double[] {1, 3, 2})).isInstanceOf(IllegalArgumentException.class);
    }

    /** Every edge and its neighbouring doubles, the sample, values in between and beyond, zeros and infinities. */
    private static double[] probes(Random rnd, double[] edges, double[] sample) {
        double[] p = new double[edges.length * 3 + Math.min(sample.length, 2000) + 1000 + 6];
        int n = 0;
        for (double e : edges) {
            p[n++] = e;
            p[n++] = Math.nextUp(e);
            p[n++] = Math.nextDown(e);
        }
        for (int i = 0; i < Math.min(sample.length, 2000); i++) p[n++] = sample[i];
        double lo = edges.length == 0 ? -1 : edges[0], hi = edges.length == 0 ? 1 : edges[edges.length - 1];
        for (int i = 0; i < 1000; i++) {
            double v = lo + (hi - lo) * (rnd.nextDouble() * 1.4 - 0.2);
            p[n++] = Double.isFinite(v) ? v : rnd.nextGaussian() * Double.MAX_VALUE / 4;
        }
        p[n++] = 0.0;
        p[n++] = -0.0;
        p[n++] = Double.POSITIVE_INFINITY;
        p[n++] = Double.NEGATIVE_INFINITY;
        p[n++] = Double.MAX_VALUE;
        p[n++] = -Double.MAX_VALUE;
        return Arrays.copyOf(p, n);
    }
}
