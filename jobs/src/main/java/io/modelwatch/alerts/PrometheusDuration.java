package io.modelwatch.alerts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as Prometheus writes them: {@code 0}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 1d}. */
public final class PrometheusDuration {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|y|w|d|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|y|w|d|h|m|s)");

    private PrometheusDuration() {}

    /** The duration in milliseconds, or -1 when {@code text} is not a Prometheus duration. */
    public static long parseMillis(String text) {
        if (text == null) return -1;
        String s = text.trim();
        if (s.equals("0")) return 0;
        if (!WHOLE.matcher(s).matches()) return -1;
        long total = 0;
        Matcher m = PART.matcher(s);
        try {
            while (m.find()) {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(1)), unitMillis(m.group(2))));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
        return total;
    }

    private static long unitMillis(String unit) {
        switch (unit) {
            case "ms": return 1L;
            case "s": return 1_000L;
            case "m": return 60_000L;
            case "h": return 3_600_000L;
            case "d": return 86_400_000L;
            case "w": return 7 * 86_400_000L;
            case "y": return 365 * 86_400_000L;
            default: throw new IllegalArgumentException(unit);
        }
    }

    /** The shortest Prometheus spelling of a duration: 90000 -> {@code 1m30s}, 0 -> {@code 0s}. */
    public static String format(long millis) {
        if (millis == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        long rest = millis;
        String[] units = {"d", "h", "m", "s", "ms"};
        for (String unit : units) {
            long size = unitMillis(unit);
            if (rest >= size) {
                sb.append(rest / size).append(unit);
                rest %= size;
            }
        }
        return sb.toString();
    }
}
