package io.modelwatch.drift;

import static io.modelwatch.drift.Golden.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.math3.stat.inference.TestUtils;
import org.junit.jupiter.api.Test;

class ChiSquareTest {

    @Test
    void equalsScipyChi2ContingencyWithoutCorrection() {
        for (JsonNode c : Golden.cases("categorical_cases.json")) {
            String name = c.get("name").asText();
            double[] r = ChiSquare.test(Golden.longs(c.get("ref")), Golden.longs(c.get("cur")));
            assertClose(name + " stat", r[0], c.get("stat").asDouble(), 1e-6, 1e-12);
            assertClose(name + " p", r[1], c.get("p").asDouble(), 1e-6, 1e-300);
        }
    }

    @Test
    void commonsDataSetsComparisonHasTheSameStatisticButNotTheTail() {
        // chiSquareDataSetsComparison is the same Pearson statistic (it refuses columns zero in both rows);
        // its p-value is 1 - P(chi2 <= x), which has no relative accuracy in the far tail.
        for (JsonNode c : Golden.cases("categorical_cases.json")) {
            long[] ref = Golden.longs(c.get("ref"));
            long[] cur = Golden.longs(c.get("cur"));
            boolean zeroColumn = false;
            for (int j = 0; j < ref.length; j++) {
                zeroColumn |= ref[j] + cur[j] == 0;
            }
            if (zeroColumn) {
                continue;
            }
            double stat = TestUtils.chiSquareDataSetsComparison(ref, cur);
            assertClose(c.get("name").asText(), stat, c.get("stat").asDouble(), 1e-9, 1e-12);
        }
        long[] ref = {5000, 5000, 5000};
        long[] cur = {3000, 6000, 6000};
        assertThat(TestUtils.chiSquareTestDataSetsComparison(ref, cur)).isEqualTo(0.0);
        assertClose("direct tail", ChiSquare.test(ref, cur)[1], 8.811766644426359e-149, 1e-6, 0); // scipy
    }

    @Test
    void fewerThanTwoColumnsIsNoEvidence() {
        assertThat(ChiSquare.test(new long[] {0, 5, 0}, new long[] {0, 9, 0})).containsExactly(0.0, 1.0);
        assertThat(ChiSquare.test(new long[0], new long[0])).containsExactly(0.0, 1.0);
    }

    @Test
    void anEmptyRowIsUndefined() {
        double[] r = ChiSquare.test(new long[] {3, 4}, new long[] {0, 0});
        assertThat(r[0]).isNaN();
        assertThat(r[1]).isNaN();
    }

    @Test
    void sameProportionsGiveZeroAndOne() {
        double[] r = ChiSquare.test(new long[] {1, 2, 3}, new long[] {10, 20, 30});
        assertThat(r[0]).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r[1]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
    }
}
