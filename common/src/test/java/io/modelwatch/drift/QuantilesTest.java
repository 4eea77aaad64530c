package io.modelwatch.drift;

import static io.modelwatch.drift.Golden.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class QuantilesTest {

    @Test
    void r7EqualsNumpyQuantile() {
        for (JsonNode c : Golden.cases("quantiles.json")) {
            double[] sorted = Golden.doubles(c.get("sorted"));
            double[] p = Golden.doubles(c.get("p"));
            double[] expected = Golden.doubles(c.get("r7"));
            for (int i = 0; i < p.length; i++) {
                assertClose(c.get("name").asText() + " p=" + p[i], Quantiles.r7(sorted, p[i]), expected[i], 1e-15, 0);
            }
        }
    }

    @Test
    void gridEqualsNumpyQuantileOnGridAndHoldsPsiEdges() {
        int checked = 0;
        for (JsonNode c : Golden.cases("quantiles.json")) {
            if (!c.has("grid")) {
                continue;
            }
            double[] sorted = Golden.doubles(c.get("sorted"));
            int g = c.get("grid_g").asInt();
            double[] expected = Golden.doubles(c.get("grid"));
            double[] grid = Quantiles.grid(sorted, g);
            assertThat(grid).hasSize(g + 1);
            for (int i = 0; i <= g; i++) {
                assertClose(c.get("name").asText() + " grid[" + i + "]", grid[i], expected[i], 1e-15, 0);
            }
            assertThat(grid[0]).isEqualTo(sorted[0]);
            assertThat(grid[g]).isEqualTo(sorted[sorted.length - 1]);
            for (int k = 1; k <= 9; k++) {
                assertThat(grid[100 * k]).isEqualTo(Quantiles.r7(sorted, k / 10.0));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    @Test
    void oneValueIsEveryQuantile() {
        assertThat(Quantiles.grid(new double[] {2.5}, 10)).containsOnly(2.5);
    }

    @Test
    void interpolatesLinearly() {
        assertThat(Quantiles.r7(new double[] {0, 10}, 0.25)).isEqualTo(2.5);
        assertThat(Quantiles.r7(new double[] {0, 10, 20}, 0.75)).isEqualTo(15.0);
    }

    @Test
    void emptySampleAndBadArgumentsAreRefused() {
        assertThatThrownBy(() -> Quantiles.r7(new double[0], 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantiles.r7(new double[] {1}, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantiles.r7(new double[] {1}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantiles.grid(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
