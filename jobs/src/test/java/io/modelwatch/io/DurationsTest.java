package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesANumberAndAUnit() {
        assertThat(Durations.parseMillis("--window", "250ms")).isEqualTo(250);
        assertThat(Durations.parseMillis("--window", "30s")).isEqualTo(30_000);
        assertThat(Durations.parseMillis("--window", "5m")).isEqualTo(300_000);
        assertThat(Durations.parseMillis("--window", "1h")).isEqualTo(3_600_000);
        assertThat(Durations.parseMillis("--window", "1d")).isEqualTo(86_400_000);
        assertThat(Durations.parseMillis("--window", "90m")).isEqualTo(5_400_000);
        assertThat(Durations.parseMillis("--window", "0")).isZero();
        assertThat(Durations.parseMillis("--window", "0s")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h", "10", "1.5h", "-5s", "5 m", "5M", "1w", "s5", "5sec"})
    void refusesWhatIsNotANumberAndAUnitNamingTheOption(String text) {
        assertThatThrownBy(() -> Durations.parseMillis("--window", text)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("--window '" + text + "'");
    }

    @Test
    void refusesAnEmptyValue() {
        assertThatThrownBy(() -> Durations.parseMillis("--window", "")).isInstanceOf(InputException.class)
                .hasMessage("--window is empty");
        assertThatThrownBy(() -> Durations.parseMillis("--window", null)).isInstanceOf(InputException.class);
    }

    @Test
    void refusesADurationBeyondTheRangeOfMillisInsteadOfOverflowing() {
        assertThatThrownBy(() -> Durations.parseMillis("--window", "99999999999999999999s"))
                .isInstanceOf(InputException.class).hasMessageStartingWith("--window '99999999999999999999s'");
        assertThatThrownBy(() -> Durations.parseMillis("--window", "200000000000000d"))
                .isInstanceOf(InputException.class).hasMessageStartingWith("--window '200000000000000d'");
        assertThat(Durations.parseMillis("--window", "106751991167d")).isEqualTo(106_751_991_167L * 86_400_000L);
    }

    @Test
    void formatsTheShortestExactForm() {
        assertThat(Durations.format(86_400_000)).isEqualTo("1d");
        assertThat(Durations.format(2 * 86_400_000L)).isEqualTo("2d");
        assertThat(Durations.format(3_600_000)).isEqualTo("1h");
        assertThat(Durations.format(5_400_000)).isEqualTo("90m");
        assertThat(Durations.format(90_000)).isEqualTo("90s");
        assertThat(Durations.format(1_500)).isEqualTo("1500ms");
        assertThat(Durations.format(0)).isEqualTo("0ms");
    }

    @Test
    void formatThenParseGivesTheSameMillis() {
        for (long ms : new long[] {1, 999, 1000, 59_000, 60_000, 61_000, 3_600_000, 3_660_000, 86_400_000,
                90_000_000, 7 * 86_400_000L}) {
            assertThat(Durations.parseMillis("--window", Durations.format(ms))).isEqualTo(ms);
        }
    }
}
