package io.modelwatch.cli;

import io.modelwatch.io.Timestamps;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** {@code --from}/{@code --to} or {@code --day YYYY-MM-DD|yesterday} (UTC), as [from, to) in epoch millis. */
final class TimeRange {
    final long fromMillis;
    final long toMillis;

    private TimeRange(long fromMillis, long toMillis) {
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
    }

    static TimeRange of(String from, String to, String day, boolean required, Clock clock) {
        if (day != null) {
            if (from != null || to != null) throw new UsageException("--day cannot be combined with --from/--to");
            LocalDate d;
            try {
                d = day.equals("yesterday") ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1)
                        : day.equals("today") ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                throw new UsageException("--day '" + day + "': use YYYY-MM-DD, yesterday or today");
            }
            long start = d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            return new TimeRange(start, start + 86_400_000L);
        }
        if (required && (from == null || to == null)) {
            throw new UsageException("give --from and --to, or --day YYYY-MM-DD|yesterday");
        }
        long f = from == null ? Long.MIN_VALUE : parse("--from", from);
        long t = to == null ? Long.MAX_VALUE : parse("--to", to);
        if (f >= t) throw new UsageException("--from " + from + " is not before --to " + to);
        return new TimeRange(f, t);
    }

    private static long parse(String option, String text) {
        try {
            return Timestamps.parseInstant(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + text + "': use ISO-8601, e.g. 2026-11-24T00:00:00Z or 2026-11-24");
        }
    }
}
