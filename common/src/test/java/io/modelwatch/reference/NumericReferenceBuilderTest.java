package io.modelwatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelwatch.drift.GridHistogram;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The bounded-memory reference against numpy (tools/golden/reference_golden.py): exact R-7 up to the exact
 * limit, and beyond it every grid quantile and every edge's CDF within the recorded rank error of numpy's.
 */
class NumericReferenceBuilderTest {
    private static final int G = 100;

    private static JsonNode golden() throws IOException {
        try (InputStream in = NumericReferenceBuilderTest.class.getResourceAsStream("/reference/sketch_golden.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** The data sets of the golden script, in its order. */
    private static double value(String dataset, long i) {
        long perm = (i * 7919) % 100003;
        switch (dataset) {
            case "perm": return perm;
            case "skew": return (double) (perm * perm) / 1e4;
            case "ties": return perm % 50;
            default: throw new IllegalArgumentException(dataset);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) d[i] = array.get(i).asDouble();
        return d;
    }

    private static NumericReference build(String dataset, int n, long exactLimit, int k) {
        NumericReferenceBuilder b = new NumericReferenceBuilder("f", G, 100, exactLimit, k);
        for (int i = 0; i < n; i++) b.add(value(dataset, i));
        return b.build(7, 2);
    }

    @ParameterizedTest
    @CsvSource({"perm", "skew", "ties"})
    void underTheExactLimitTheGridIsNumpysR7(String dataset) throws IOException {
        JsonNode g = golden().get("datasets").get(dataset);
        int n = golden().get("n").asInt(), m = golden().get("m").asInt();
        NumericReference r = build(dataset, n, n, 200);
        double[] q = doubles(g.get("quantiles"));
        assertThat(r.rankError).isZero();
        for (int i = 0; i <= G; i++) {
            double expected = q[i * (m / G)];
            assertThat(r.quantiles[i]).as("p = %d/%d", i, G).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
        }
        assertThat(r.count).isEqualTo(n);
        assertThat(r.missing).isEqualTo(7);
        assertThat(r.invalid).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"perm, 200", "skew, 200", "ties, 200", "perm, 8192", "skew, 8192", "ties, 8192"})
    void beyondTheExactLimitQuantilesAndCellsAreWithinTheRecordedRankErrorOfNumpys(String dataset, int k)
            throws IOException {
        JsonNode root = golden();
        JsonNode g = root.get("datasets").get(dataset);
        int n = root.get("n").asInt(), m = root.get("m").asInt();
        NumericReference r = build(dataset, n, 1000, k);
        double eps = r.rankError;
        assertThat(eps).isGreaterThan(0).isLessThan(0.02);
        double[] q = doubles(g.get("quantiles")), below = doubles(g.get("cdf_below")), at = doubles(g.get("cdf_at"));

        // Quantile i/G from the sketch lies between numpy's quantiles at i/G - eps and i/G + eps (rounded outwards
        // to numpy's grid of 1/m).
        for (int i = 1; i < G; i++) {
            double p = (double) i / G;
            int lo = (int) Math.max(0, Math.floor((p - eps) * m)), hi = (int) Math.min(m, Math.ceil((p + eps) * m));
            assertThat(r.quantiles[i]).as("%s k=%d p=%s", dataset, k, p).isBetween(q[lo], q[hi]);
        }
        // Moments, count and the ends are exact.
        assertThat(r.count).isEqualTo(n);
        assertThat(r.quantiles[0]).isEqualTo(g.get("min").asDouble());
        assertThat(r.quantiles[G]).isEqualTo(g.get("max").asDouble());
        assertThat(r.mean).isCloseTo(g.get("mean").asDouble(), within(1e-9 * Math.abs(g.get("mean").asDouble())));
        assertThat(r.std).isCloseTo(g.get("std").asDouble(), within(1e-9 * g.get("std").asDouble()));

        // The reference CDF the cells give at and just below each inner edge is within eps of numpy's, which is
        // bracketed by the ECDF at numpy's neighbouring grid quantiles.
        long[] cells = r.cellCounts;
        assertThat(Arrays.stream(cells).sum()).isEqualTo(n);
        assertThat(Arrays.stream(cells).min().getAsLong()).isGreaterThanOrEqualTo(0);
        double[] inner = r.innerEdges();
        long cum = 0;
        for (int c = 0; c < cells.length - 1; c++) {
            cum += cells[c];
            int edge = c / 2; // cells 0..c hold the values below inner[edge] (c even) or at or below it (c odd)
            if (edge + 1 < inner.length && inner[edge + 1] == inner[edge]) continue; // only a run's last edge counts
            double e = inner[edge];
            int j = floorIndex(q, e);
            // numpy's ECDF brackets the true one: exact where e is one of numpy's quantiles, else between them.
            double lower = q[j] == e ? (c % 2 == 0 ? below[j] : at[j]) : at[j];
            double upper = q[j] == e ? (c % 2 == 0 ? below[j] : at[j]) : below[j + 1];
            assertThat((double) cum / n).as("%s k=%d F(%s %s)", dataset, k, c % 2 == 0 ? "<" : "<=", e)
                    .isBetween(lower - eps, upper + eps);
        }
        assertThat(GridHistogram.bucketsFromCells(cells)).hasSize(G);
        // The sample is the sketch's evenly spaced order statistics, sorted, within the limit.
        assertThat(r.sample).hasSize(100).isSorted();
        assertThat(r.sampleIsWholeReference()).isFalse();
        assertThat(r.gridKsBound(G)).isEqualTo(1.0 / G + 1.0 / n + eps);
    }

    /** The greatest j with q[j] <= e (q ascending, q[0] <= e). */
    private static int floorIndex(double[] q, double e) {
        int j = 0;
        while (j + 1 < q.length && q[j + 1] <= e) j++;
        return j;
    }

    @Test
    void exactValuesAreDroppedOnceTheLimitIsPassedSoMemoryStaysTheSketchs() {
        NumericReferenceBuilder b = new NumericReferenceBuilder("f", G, 10, 50);
        for (int i = 0; i < 50; i++) b.add(i);
        assertThat(b.isExact()).isTrue();
        b.add(50);
        assertThat(b.isExact()).isFalse();
        assertThat(b.count()).isEqualTo(51);
    }

    @Test
    void theDefaultSketchKeepsTheErrorBelowOneOverTheDefaultGrid() {
        NumericReferenceBuilder b = new NumericReferenceBuilder("f", 1000, 10, 10);
        for (int i = 0; i < 100; i++) b.add(i);
        assertThat(b.build(0, 0).rankError).isGreaterThan(0).isLessThan(1.0 / 1000);
    }

    @Test
    void anExactLimitBelowTheSampleSizeIsRefused() {
        assertThatThrownBy(() -> new NumericReferenceBuilder("f", G, 100, 99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample");
    }
}
