package io.modelwatch.drift;

import static io.modelwatch.drift.Golden.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class BenjaminiHochbergTest {

    @Test
    void equalsScipyFalseDiscoveryControl() {
        for (JsonNode c : Golden.cases("bh.json")) {
            double[] p = Golden.doubles(c.get("p"));
            double[] before = p.clone();
            double[] q = BenjaminiHochberg.adjust(p);
            double[] expected = Golden.doubles(c.get("q"));
            assertThat(q).hasSameSizeAs(expected);
            for (int i = 0; i < q.length; i++) {
                assertClose(c.get("name").asText() + "[" + i + "]", q[i], expected[i], 0, 1e-12);
            }
            assertThat(p).containsExactly(before);
        }
    }

    @Test
    void monotoneInPAndCappedAtOne() {
        double[] p = {0.9, 0.01, 0.5, 0.02, 0.99, 0.03};
        double[] q = BenjaminiHochberg.adjust(p);
        for (int i = 0; i < p.length; i++) {
            assertThat(q[i]).isGreaterThanOrEqualTo(p[i]).isLessThanOrEqualTo(1.0);
            for (int j = 0; j < p.length; j++) {
                if (p[i] < p[j]) {
                    assertThat(q[i]).isLessThanOrEqualTo(q[j]);
                }
            }
        }
        assertThat(BenjaminiHochberg.adjust(new double[0])).isEmpty();
    }

    @Test
    void refusesPValuesOutsideTheUnitInterval() {
        assertThatThrownBy(() -> BenjaminiHochberg.adjust(new double[] {0.5, 1.5}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenjaminiHochberg.adjust(new double[] {-0.1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
