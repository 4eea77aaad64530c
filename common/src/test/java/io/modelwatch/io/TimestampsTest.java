package io.modelwatch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    /** What java.time makes of the text: epoch millis, or MIN_VALUE where it refuses it. */
    private static long javaTime(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    @Test
    void fastPathEqualsJavaTimeForManyRandomInstants() {
        SplittableRandom rnd = new SplittableRandom(20261124);
        long lo = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long hi = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long sec = rnd.nextLong(lo, hi + 1);
            int nanos = rnd.nextInt(1_000_000_000);
            int digits = rnd.nextInt(10); // 0: no fraction
            String base = OffsetDateTime.ofInstant(Instant.ofEpochSecond(sec), ZoneOffset.UTC)
                    .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
            String fraction = digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
            String text = base + fraction + "Z";
            long expected = javaTime(text);
            assertThat(expected).as(text).isNotEqualTo(Long.MIN_VALUE);
            assertThat(Timestamps.parseUtcFast(text)).as(text).isEqualTo(expected);
            assertThat(Timestamps.parseIsoMillis(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void instantToStringIsReadBackExactly() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            long ms = rnd.nextLong(-30_000_000_000_000L, 250_000_000_000_000L);
            String text = Instant.ofEpochMilli(ms).toString();
            assertThat(Timestamps.parseIsoMillis(text)).as(text).isEqualTo(ms);
        }
    }

    @Test
    void offsetsAreHonouredLikeJavaTime() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            long sec = rnd.nextLong(0, 4_000_000_000L);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(rnd.nextInt(-18 * 60, 18 * 60 + 1) * 60);
            String text = OffsetDateTime.ofInstant(Instant.ofEpochSecond(sec, rnd.nextInt(1_000_000_000)), offset)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(Timestamps.parseIsoMillis(text)).as(text).isEqualTo(javaTime(text));
        }
    }

    @Test
    void leapDaysExistExactlyInLeapYears() {
        for (int year : new int[] {1600, 1904, 2000, 2024, 2028, 2400}) {
            String text = year + "-02-29T12:00:00Z";
            assertThat(Timestamps.parseUtcFast(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
        }
        for (int year : new int[] {1700, 1800, 1900, 2023, 2025, 2100}) {
            String text = year + "-02-29T12:00:00Z";
            assertThat(Timestamps.parseIsoMillis(text)).as(text).isEqualTo(Long.MIN_VALUE);
        }
        assertThat(Timestamps.parseIsoMillis("2024-12-31T23:59:59.999Z"))
                .isEqualTo(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli() - 1);
        assertThat(Timestamps.parseIsoMillis("1970-01-01T00:00:00Z")).isZero();
        assertThat(Timestamps.parseIsoMillis("1969-12-31T23:59:59.999Z")).isEqualTo(-1);
    }

    @Test
    void everyDayOfEveryMonthOfALeapCycleAgreesWithJavaTime() {
        for (int year = 1999; year <= 2001; year++) {
            for (int month = 1; month <= 12; month++) {
                for (int day = 1; day <= 31; day++) {
                    String text = String.format("%04d-%02d-%02dT23:59:59.5Z", year, month, day);
                    assertThat(Timestamps.parseIsoMillis(text)).as(text).isEqualTo(javaTime(text));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-04-31T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z", "2026-11-24T24:00:00Z",
        "2026-11-24T10:60:00Z", "2026-11-24T10:00:60Z", "2026-11-24T10:00:00",
        "2026-11-24 10:00:00Z", "2026-11-24T10:00:00.1234567890Z",
        "2026-11-24T10:00:00,5Z", "2026-11-24T1a:00:00Z", "2026-1-24T10:00:00Z", "+2026-11-24T10:00:00Z",
        "2026-11-24T10:00:00+25:00", "2026-11-24", "", "Z", "yesterday at noon", "2026-11-24T10:00:00ZZ"})
    void rejectsWhatJavaTimeRejects(String text) {
        assertThat(javaTime(text)).as("java.time accepts %s", text).isEqualTo(Long.MIN_VALUE);
        assertThat(Timestamps.parseIsoMillis(text)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void fastPathDeclinesWhatItDoesNotHandleAndTheSlowPathTakesIt() {
        assertThat(Timestamps.parseUtcFast("2026-11-24T10:00:00+00:00")).isEqualTo(Long.MIN_VALUE);
        assertThat(Timestamps.parseIsoMillis("2026-11-24T10:00:00+00:00"))
                .isEqualTo(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
        // java.time also takes no seconds, an empty fraction and lower-case letters: so does parseIsoMillis
        for (String text : new String[] {"2026-11-24T10:00Z", "2026-11-24T10:00:00.Z"}) {
            assertThat(Timestamps.parseUtcFast(text)).isEqualTo(Long.MIN_VALUE);
            assertThat(Timestamps.parseIsoMillis(text)).isEqualTo(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
        }
        assertThat(Timestamps.parseIsoMillis("2026-11-24t10:00:00z")).isEqualTo(javaTime("2026-11-24t10:00:00z"));
    }

    @Test
    void parseInstantTakesADateAsUtcMidnight() {
        assertThat(Timestamps.parseInstant("2026-11-24")).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(Timestamps.parseInstant("2026-11-24T01:00:00+01:00")).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThatThrownBy(() -> Timestamps.parseInstant("2026-02-30")).isInstanceOf(DateTimeParseException.class);
    }
}
