package io.modelwatch.io;


/** Window and interval lengths as users write them and as the {@code window} tag shows them: 30s, 5m, 1h, 1d. */
public final class Durations {
    private Durations() {}

    public static long parseMillis(String option, String text) {
        if (text == null || text.isEmpty()) throw new InputException(option + " is empty");
        if (text.equals("0")) return 0;
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) i++;
        if (i == 0 || i == text.length()) {
            throw new InputException(option + " '" + text + "': use a number and a unit, e.g. 30s, 5m, 1h, 1d");
        }
        long unit;
        switch (text.substring(i)) {
            case "ms": unit = 1L; break;
            case "s": unit = 1000L; break;
            case "m": unit = 60_000L; break;
            case "h": unit = 3_600_000L; break;
            case "d": unit = 86_400_000L; break;
            default:
                throw new InputException(option + " '" + text + "': unknown unit (ms, s, m, h or d)");
        }
        try {
            return Math.multiplyExact(Long.parseLong(text.substring(0, i)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InputException(option + " '" + text + "': too long");
        }
    }

    /** The shortest exact form: 86400000 -> "1d", 5400000 -> "90m". */
    public static String format(long millis) {
        if (millis > 0 && millis % 86_400_000L == 0) return millis / 86_400_000L + "d";
        if (millis > 0 && millis % 3_600_000L == 0) return millis / 3_600_000L + "h";
        if (millis > 0 && millis % 60_000L == 0) return millis / 60_000L + "m";
        if (millis > 0 && millis % 1000L == 0) return millis / 1000L + "s";
        return millis + "ms";
    }
}
