package io.modelwatch.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriftScoreTest {

    private static final double NAN = Double.NaN;

    @Test
    void numericScoreAddsTheContractPoints() {
        assertThat(DriftScore.score(0.05, 0.5, 0.05, 0.1, 0.1)).isZero();
        assertThat(DriftScore.score(0.1, 0.05, 0.05, 0.3, 0.3)).isZero(); // every comparison is strict
        assertThat(DriftScore.score(0.15, 0.5, 0.05, 0, 0)).isEqualTo(1);
        assertThat(DriftScore.score(0.25, 0.5, 0.05, 0, 0)).isEqualTo(2);
        assertThat(DriftScore.score(0, 0.01, 0.05, 0, 0)).isEqualTo(2);
        assertThat(DriftScore.score(0, 0.01, 0.001, 0, 0)).isZero();
        assertThat(DriftScore.score(0, 1, 0.05, 0.31, 0)).isEqualTo(1);
        assertThat(DriftScore.score(0, 1, 0.05, 0, 0.31)).isEqualTo(1);
        assertThat(DriftScore.score(0.3, 0.0, 0.05, 1, 1)).isEqualTo(6);
        assertThat(DriftScore.score(0, 1, 0.05, Double.POSITIVE_INFINITY, 0)).isEqualTo(1);
    }

    @Test
    void nanInputsContributeNothing() {
        assertThat(DriftScore.score(NAN, NAN, 0.05, NAN, NAN)).isZero();
        assertThat(DriftScore.score(0.3, NAN, 0.05, NAN, 0.5)).isEqualTo(3);
        assertThat(DriftScore.score(NAN, NAN, 0.05)).isZero();
    }

    @Test
    void categoricalScoreUsesPsiAndChiSquare() {
        assertThat(DriftScore.score(0.05, 0.5, 0.05)).isZero();
        assertThat(DriftScore.score(0.15, 0.5, 0.05)).isEqualTo(1);
        assertThat(DriftScore.score(0.25, 0.01, 0.05)).isEqualTo(4);
        assertThat(DriftScore.score(0.0, 0.05, 0.05)).isZero();
    }

    @Test
    void levels() {
        assertThat(DriftScore.level(0)).isEqualTo("low");
        assertThat(DriftScore.level(1)).isEqualTo("low");
        assertThat(DriftScore.level(2)).isEqualTo("medium");
        assertThat(DriftScore.level(3)).isEqualTo("medium");
        assertThat(DriftScore.level(4)).isEqualTo("high");
        assertThat(DriftScore.level(6)).isEqualTo("high");
    }
}
