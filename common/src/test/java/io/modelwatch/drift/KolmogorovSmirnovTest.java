package io.modelwatch.drift;

import static io.modelwatch.drift.Golden.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

    private static final org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest COMMONS =
            new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();

    @Test
    void exactDEqualsScipyKs2sampIncludingTies() {
        for (JsonNode c : Golden.cases("numeric_cases.json")) {
            double[] ref = Golden.sortedSample(c.get("ref"));
            double[] cur = Golden.sortedSample(c.get("cur"));
            double d = KolmogorovSmirnov.exactD(ref, cur);
            assertClose(c.get("name").asText(), d, c.get("ks_d").asDouble(), 0, 1e-9);
            assertThat(KolmogorovSmirnov.exactD(cur, ref)).isEqualTo(d);
        }
    }

    @Test
    void pValueFollowsTheContractAndScipy() {
        for (JsonNode c : Golden.cases("numeric_cases.json")) {
            double[] ref = Golden.sortedSample(c.get("ref"));
            double[] cur = Golden.sortedSample(c.get("cur"));
            double p = KolmogorovSmirnov.pValue(c.get("ks_d").asDouble(), ref.length, cur.length);
            assertClose(c.get("name").asText(), p, c.get("ks_p_contract").asDouble(), 1e-6, 1e-12);
        }
    }

    @Test
    void exactPValueEqualsScipyOnASweep() {
        JsonNode exact = Golden.file("ks_pvalues.json").get("exact");
        assertThat(exact.size()).isGreaterThan(200);
        for (JsonNode row : exact) {
            int n = row.get(0).asInt();
            int m = row.get(1).asInt();
            double d = row.get(2).asDouble();
            double expected = row.get(3).asDouble();
            assertClose("exact n=" + n + " m=" + m + " d=" + d,
                    KolmogorovSmirnov.pValue(d, n, m), expected, 1e-6, 1e-12);
        }
    }

    @Test
    void asymptoticPValueIsTheKolmogorovDistributionNotScipyAsymp() {
        JsonNode asymp = Golden.file("ks_pvalues.json").get("asymp");
        double worstScipyAsympGap = 0;
        for (JsonNode row : asymp) {
            int n = row.get(0).asInt();
            int m = row.get(1).asInt();
            double d = row.get(2).asDouble();
            double kstwobign = row.get(3).asDouble();
            double scipyAsymp = row.get(4).asDouble();
            double p = KolmogorovSmirnov.pValue(d, n, m);
            String what = "asymp n=" + n + " m=" + m + " d=" + d;
            assertClose(what, p, kstwobign, 1e-10, 1e-300);
            // commons-math3 approximateP computes 1 - K(t): right to ~1e-15 absolute, not relative in the tail.
            assertClose(what + " commons", COMMONS.approximateP(d, n, m), kstwobign, 1e-9, 1e-14);
            if (scipyAsymp > 1e-3) {
                worstScipyAsympGap = Math.max(worstScipyAsympGap, Math.abs(p - scipyAsymp) / scipyAsymp);
            }
        }
        // scipy's ks_2samp(method='asymp') is kstwo.sf(d, round(en)), a different (finite-n) formula.
        assertThat(worstScipyAsympGap).isGreaterThan(1e-3).isLessThan(0.25);
    }

    @Test
    void pValueRegimes() {
        assertThat(KolmogorovSmirnov.pValue(0, 10, 10)).isEqualTo(1.0);
        assertThat(KolmogorovSmirnov.pValue(0.5, 0, 10)).isNaN();
        assertThat(KolmogorovSmirnov.pValue(Double.NaN, 10, 10)).isNaN();
        assertThat(KolmogorovSmirnov.pValue(1.0, 20000, 20000)).isEqualTo(0.0);
        assertThat(KolmogorovSmirnov.pValue(0.3, 1000, 1000)).isGreaterThan(0).isLessThan(1e-30);
        assertThat(KolmogorovSmirnov.exactD(new double[0], new double[] {1})).isEqualTo(0.0);
        assertThat(KolmogorovSmirnov.exactD(new double[] {1}, new double[] {2})).isEqualTo(1.0);
    }

    @Test
    void gridDOnCellsStaysWithinOneOverGPlusOneOverNRef() {
        Random rnd = new Random(7);
        int[] grids = {10, 50, 100, 1000};
        int[] sizes = {1, 3, 40, 999, 5000, 20000};
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int trial = 0; trial < 120; trial++) {
            int g = grids[trial % grids.length];
            int nRef = sizes[rnd.nextInt(sizes.length)];
            int nCur = sizes[rnd.nextInt(sizes.length)];
            double[] ref = GridHistogramTest.sample(rnd, trial % 5, nRef);
            double[] cur = drifted(rnd, GridHistogramTest.sample(rnd, trial % 5, nCur), trial);
            Arrays.sort(ref);
            Arrays.sort(cur);
            double[] inner = Arrays.copyOfRange(Quantiles.grid(ref, g), 1, g);
            double exact = KolmogorovSmirnov.exactD(ref, cur);
            double grid = KolmogorovSmirnov.gridD(cells(inner, ref), cells(inner, cur));
            double bound = 1.0 / g + 1.0 / nRef;
            assertThat(grid).as("grid D never exceeds the exact D").isLessThanOrEqualTo(exact + 1e-12);
            assertThat(exact - grid).as("trial %d g=%d nRef=%d nCur=%d", trial, g, nRef, nCur)
                    .isLessThanOrEqualTo(bound);
            worstExcess = Math.max(worstExcess, (exact - grid) - bound);
        }
        assertThat(worstExcess).isLessThan(0);
    }

    @Test
    void gridDOnPlainBucketsMissesTheJumpAtATiedReferenceMax() {
        // ref uniform on 0..5, cur: half of it moved above the reference max. Exact D = 0.5 at x = 5.
        double[] ref = new double[600];
        double[] cur = new double[600];
        for (int i = 0; i < 600; i++) {
            ref[i] = i % 6;
            cur[i] = i % 2 == 0 ? 6 : (i / 2) % 6; // the other half keeps the reference shape
        }
        Arrays.sort(ref);
        Arrays.sort(cur);
        double[] inner = Arrays.copyOfRange(Quantiles.grid(ref, 1000), 1, 1000);
        double exact = KolmogorovSmirnov.exactD(ref, cur);
        assertThat(exact).isEqualTo(0.5);
        double onBuckets = KolmogorovSmirnov.gridD(
                GridHistogramTest.histogram(inner, ref), GridHistogramTest.histogram(inner, cur));
        assertThat(exact - onBuckets).isGreaterThan(1.0 / 1000 + 1.0 / 600);
        double onCells = KolmogorovSmirnov.gridD(cells(inner, ref), cells(inner, cur));
        assertThat(onCells).isEqualTo(exact);
    }

    @Test
    void gridDRegimes() {
        assertThat(KolmogorovSmirnov.gridD(new long[3], new long[] {1, 2, 3})).isEqualTo(0.0);
        assertThat(KolmogorovSmirnov.gridD(new long[] {5, 0}, new long[] {0, 5})).isEqualTo(1.0);
        assertThat(KolmogorovSmirnov.gridD(new long[] {1, 1}, new long[] {2, 2})).isEqualTo(0.0);
    }

    @Test
    void kolmogorovSfIsContinuousWhereTheSeriesSwitch() {
        double below = KolmogorovSmirnov.kolmogorovSf(Math.nextDown(1.0));
        double at = KolmogorovSmirnov.kolmogorovSf(1.0);
        assertClose("switch at t=1", below, at, 1e-14, 0);
        assertClose("K(1) tail", at, 0.26999967167735456, 1e-14, 0); // scipy.stats.kstwobign.sf(1)
    }

    static long[] cells(double[] edges, double[] values) {
        long[] counts = new long[2 * edges.length + 1];
        for (double v : values) {
            counts[GridHistogram.cell(edges, v)]++;
        }
        return counts;
    }

    private static double[] drifted(Random rnd, double[] x, int trial) {
        double shift = (trial % 3) * 0.3;
        double scale = 1 + (trial % 4) * 0.2;
        for (int i = 0; i < x.length; i++) {
            x[i] = trial % 2 == 0 ? Math.rint(x[i] * scale + shift) : x[i] * scale + shift;
            if (i % 11 == 0) {
                x[i] += 5; // beyond the reference max
            }
        }
        return x;
    }
}
