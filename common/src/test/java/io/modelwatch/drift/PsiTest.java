package io.modelwatch.drift;

import static io.modelwatch.drift.Golden.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PsiTest {

    @Test
    void numericPsiFromTheGridEqualsNumpy() {
        for (JsonNode c : Golden.cases("numeric_cases.json")) {
            double[] ref = Golden.sortedSample(c.get("ref"));
            double[] cur = Golden.sortedSample(c.get("cur"));
            double[] inner = Arrays.copyOfRange(Quantiles.grid(ref, 1000), 1, 1000);
            long[] refPsi = GridHistogram.psiBucketsFromGrid(GridHistogramTest.histogram(inner, ref), 1000);
            long[] curPsi = GridHistogram.psiBucketsFromGrid(GridHistogramTest.histogram(inner, cur), 1000);
            assertClose(c.get("name").asText(), Psi.psi(refPsi, curPsi), c.get("psi").asDouble(), 0, 1e-9);
        }
    }

    @Test
    void categoricalPsiEqualsNumpy() {
        for (JsonNode c : Golden.cases("categorical_cases.json")) {
            double psi = Psi.psi(Golden.longs(c.get("ref")), Golden.longs(c.get("cur")));
            assertClose(c.get("name").asText(), psi, c.get("psi").asDouble(), 0, 1e-9);
        }
    }

    @Test
    void zeroProportionsBecomeOneInTenThousand() {
        // ref {1, 0}, cur {0, 1}: (1e-4 - 1) ln(1e-4) + (1 - 1e-4) ln(1e4)
        double expected = 2 * (1 - 1e-4) * Math.log(1e4);
        assertClose("swap", Psi.psi(new long[] {5, 0}, new long[] {0, 7}), expected, 1e-15, 0);
        assertThat(Psi.psi(new long[] {3, 3}, new long[] {1, 1})).isEqualTo(0.0);
    }

    @Test
    void emptySideIsNaNAndLengthsMustMatch() {
        assertThat(Psi.psi(new long[] {0, 0}, new long[] {1, 1})).isNaN();
        assertThat(Psi.psi(new long[] {1, 1}, new long[] {0, 0})).isNaN();
        assertThatThrownBy(() -> Psi.psi(new long[2], new long[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bandsFollowTheContract() {
        assertThat(Psi.band(0.0)).isEqualTo("none");
        assertThat(Psi.band(0.0999)).isEqualTo("none");
        assertThat(Psi.band(0.1)).isEqualTo("slight");
        assertThat(Psi.band(0.2)).isEqualTo("slight");
        assertThat(Psi.band(0.2001)).isEqualTo("significant");
        assertThat(Psi.band(Double.NaN)).isEqualTo("unknown");
    }
}
