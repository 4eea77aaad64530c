package io.modelwatch.drift;

import static io.modelwatch.drift.Golden.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MomentsTest {

    @Test
    void meanAndStdEqualNumpyEvenWithALargeOffset() {
        for (JsonNode c : Golden.cases("moments.json")) {
            String name = c.get("name").asText();
            double[] x = Golden.doubles(c.get("values"));
            double mean = c.get("mean").asDouble();
            double std = c.get("std").asDouble();
            for (Moments m : new Moments[] {Moments.create(), Moments.shiftedBy(mean), Moments.shiftedBy(x[0] + 0.5)}) {
                m.addAll(x);
                assertThat(m.count()).isEqualTo(x.length);
                assertClose(name + " mean", m.mean(), mean, 1e-9, 0);
                assertClose(name + " std", m.std(), std, 1e-9, 0);
                assertThat(m.min()).isEqualTo(c.get("min").asDouble());
                assertThat(m.max()).isEqualTo(c.get("max").asDouble());
            }
        }
    }

    @Test
    void mergeOfPartsWithDifferentShiftsEqualsTheWhole() {
        for (JsonNode c : Golden.cases("moments.json")) {
            double[] x = Golden.doubles(c.get("values"));
            if (x.length < 3) {
                continue;
            }
            Moments a = Moments.shiftedBy(x[0] - 3);
            Moments b = Moments.create();
            Moments empty = Moments.create();
            for (int i = 0; i < x.length; i++) {
                (i % 3 == 0 ? a : b).add(x[i]);
            }
            Moments merged = empty.merge(a).merge(b).merge(Moments.create());
            assertThat(merged.count()).isEqualTo(x.length);
            assertClose("merged mean", merged.mean(), c.get("mean").asDouble(), 1e-9, 0);
            assertClose("merged std", merged.std(), c.get("std").asDouble(), 1e-9, 0);
            assertThat(merged.min()).isEqualTo(c.get("min").asDouble());
            assertThat(merged.max()).isEqualTo(c.get("max").asDouble());
            assertThat(a.count() + b.count()).isEqualTo(x.length); // parts unchanged
        }
    }

    @Test
    void emptyAndOneValue() {
        Moments m = Moments.create();
        assertThat(m.count()).isZero();
        assertThat(m.mean()).isNaN();
        assertThat(m.std()).isNaN();
        assertThat(m.min()).isNaN();
        assertThat(m.max()).isNaN();
        m.add(-2.5);
        assertThat(m.mean()).isEqualTo(-2.5);
        assertThat(m.std()).isEqualTo(0.0);
        assertThatThrownBy(() -> m.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.add(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shiftsFollowTheContract() {
        assertThat(Moments.meanShift(12, 10, 4)).isEqualTo(0.5);
        assertThat(Moments.meanShift(8, 10, 4)).isEqualTo(0.5);
        assertThat(Moments.stdShift(3, 4)).isEqualTo(0.25);
        assertThat(Moments.meanShift(5, 5, 0)).isEqualTo(0.0);
        assertThat(Moments.stdShift(0, 0)).isEqualTo(0.0);
        assertThat(Moments.meanShift(5.1, 5, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Moments.stdShift(0.1, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Moments.meanShift(Double.NaN, 5, 1)).isNaN();
        assertThat(Moments.stdShift(1, Double.NaN)).isNaN();
    }
}
