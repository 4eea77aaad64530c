package io.modelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T00:30:00Z"), ZoneId.of("Asia/Tokyo"));

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void yesterdayIsTheUtcDayBeforeTheClocksDayWhateverTheClocksZone() {
        TimeRange r = TimeRange.of(null, null, "yesterday", true, CLOCK);
        assertThat(r.fromMillis).isEqualTo(ms("2026-11-24T00:00:00Z"));
        assertThat(r.toMillis).isEqualTo(ms("2026-11-25T00:00:00Z"));
    }

    @Test
    void todayAndADateAreOneUtcDay() {
        TimeRange today = TimeRange.of(null, null, "today", true, CLOCK);
        assertThat(today.fromMillis).isEqualTo(ms("2026-11-25T00:00:00Z"));
        TimeRange day = TimeRange.of(null, null, "2024-02-29", true, CLOCK);
        assertThat(day.fromMillis).isEqualTo(ms("2024-02-29T00:00:00Z"));
        assertThat(day.toMillis - day.fromMillis).isEqualTo(86_400_000L);
    }

    @Test
    void aBadDayIsRefused() {
        assertThatThrownBy(() -> TimeRange.of(null, null, "2026-02-30", true, CLOCK))
                .isInstanceOf(UsageException.class).hasMessageContaining("--day '2026-02-30'");
        assertThatThrownBy(() -> TimeRange.of(null, null, "tomorrow", true, CLOCK))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void dayCannotBeCombinedWithFromOrTo() {
        assertThatThrownBy(() -> TimeRange.of("2026-11-24", null, "yesterday", true, CLOCK))
                .isInstanceOf(UsageException.class).hasMessageContaining("--day cannot be combined");
        assertThatThrownBy(() -> TimeRange.of(null, "2026-11-24", "2026-11-23", false, CLOCK))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void fromAndToAreIsoInstantsOrDates() {
        TimeRange r = TimeRange.of("2026-11-24T06:00:00+02:00", "2026-11-25", null, true, CLOCK);
        assertThat(r.fromMillis).isEqualTo(ms("2026-11-24T04:00:00Z"));
        assertThat(r.toMillis).isEqualTo(ms("2026-11-25T00:00:00Z"));
    }

    @Test
    void fromNotBeforeToIsRefused() {
        assertThatThrownBy(() -> TimeRange.of("2026-11-25", "2026-11-24", null, true, CLOCK))
                .isInstanceOf(UsageException.class).hasMessageContaining("is not before");
        assertThatThrownBy(() -> TimeRange.of("2026-11-24", "2026-11-24T00:00:00Z", null, true, CLOCK))
                .isInstanceOf(UsageException.class).hasMessageContaining("is not before");
    }

    @Test
    void unparsableFromOrToIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> TimeRange.of("2026-13-01", "2026-11-24", null, true, CLOCK))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--from '2026-13-01'");
        assertThatThrownBy(() -> TimeRange.of("2026-11-24", "soon", null, true, CLOCK))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("--to 'soon'");
    }

    @Test
    void aRequiredRangeNeedsBothEnds() {
        assertThatThrownBy(() -> TimeRange.of("2026-11-24", null, null, true, CLOCK))
                .isInstanceOf(UsageException.class).hasMessageContaining("give --from and --to");
    }

    @Test
    void anOptionalRangeIsOpenWhereAnEndIsMissing() {
        TimeRange all = TimeRange.of(null, null, null, false, CLOCK);
        assertThat(all.fromMillis).isEqualTo(Long.MIN_VALUE);
        assertThat(all.toMillis).isEqualTo(Long.MAX_VALUE);
        TimeRange from = TimeRange.of("2026-11-24", null, null, false, CLOCK);
        assertThat(from.fromMillis).isEqualTo(ms("2026-11-24T00:00:00Z"));
        assertThat(from.toMillis).isEqualTo(Long.MAX_VALUE);
    }
}
