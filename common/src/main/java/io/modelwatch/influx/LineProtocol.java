package io.modelwatch.influx;

/**
 * Renders {@link Point}s as InfluxDB line protocol, escaping names so that no tag value, however hostile,
 * can become a second point or a second tag.
 *
 * <ul>
 *   <li>Measurement: comma and space are escaped. Tag keys, tag values, field keys: comma, {@code =} and
 *       space are escaped.
 *   <li>A newline (or carriage return), which line protocol cannot carry, is written as the two characters
 *       {@code \n} ({@code \r}).
 *   <li>A backslash just before a character escaped here would escape it, so it is doubled: {@code a\,b} is
 *       written {@code a\\\,b}, which InfluxDB 2.x and the tests' line protocol check read back as {@code a\,b} (InfluxDB 1.6
 *       unescapes only comma, {@code =} and space, so it stores {@code a\\,b}).
 *   <li>A name cannot end in a backslash: InfluxDB 1.6 rejects such a line however many backslashes are
 *       written (it treats the separator after any backslash as escaped). So a name ending in a backslash
 *       gets an underscore appended, written unescaped: {@code a\} becomes {@code a\_} in every reader
 *       (InfluxDB 1.6, 2.x, the tests' check), one series, never a rejected line.
 *   <li>String field values are quoted; {@code "} and {@code \} are escaped, newlines written as {@code \n}.
 * </ul>
 */
public final class LineProtocol {

    /** What a name that ends in a backslash gets appended, so InfluxDB 1.x can parse it: {@code a\} is stored {@code a\_}. */
    public static final char TRAILING_BACKSLASH_SUFFIX = '_';

    private LineProtocol() {}

    public static String format(Point p) {
        StringBuilder sb = new StringBuilder(64 + 24 * p.fieldKeys.length);
        append(sb, p);
        return sb.toString();
    }

    /** Appends one line, without the trailing newline. */
    public static void append(StringBuilder sb, Point p) {
        escapeName(sb, p.measurement, false);
        for (int i = 0; i < p.tagKeys.length; i++) {
            String v = p.tagValues[i];
            if (v == null || v.isEmpty()) continue;
            sb.append(',');
            escapeName(sb, p.tagKeys[i], true);
            sb.append('=');
            escapeName(sb, v, true);
        }
        sb.append(' ');
        for (int i = 0; i < p.fieldKeys.length; i++) {
            if (i > 0) sb.append(',');
            escapeName(sb, p.fieldKeys[i], true);
            sb.append('=');
            switch (p.fieldKinds[i]) {
                case Point.FLOAT:
                    appendDouble(sb, Double.longBitsToDouble(p.fieldBits[i]));
                    break;
                case Point.INTEGER:
                    sb.append(p.fieldBits[i]).append('i');
                    break;
                case Point.BOOLEAN:
                    sb.append(p.fieldBits[i] != 0 ? "true" : "false");
                    break;
                default:
                    appendQuoted(sb, p.fieldStrings[i]);
            }
        }
        sb.append(' ').append(p.timestampNanos);
    }

    static void appendDouble(StringBuilder sb, double v) {
        // Whole numbers as "3.0", others in Java's shortest round-trip form; both parse in every InfluxDB.
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v).append(".0");
        } else {
            sb.append(v);
        }
    }

    private static void escapeName(StringBuilder sb, String s, boolean escapeEquals) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case ',':
                case ' ':
                    sb.append('\\').append(c);
                    break;
                case '=':
                    if (escapeEquals) sb.append('\\');
                    sb.append(c);
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\\':
                    sb.append(c);
                    if (i == n - 1) {
                        // InfluxDB 1.x cannot parse a trailing backslash, however escaped: end the name with '_'.
                        sb.append(TRAILING_BACKSLASH_SUFFIX);
                    } else if (needsEscape(s.charAt(i + 1), escapeEquals)) {
                        // A backslash just before a separator would escape it: double it.
                        sb.append('\\');
                    }
                    break;
                default:
                    sb.append(c);
            }
        }
    }

    private static boolean needsEscape(char c, boolean escapeEquals) {
        return c == ',' || c == ' ' || c == '\n' || c == '\r' || (escapeEquals && c == '=');
    }

    private static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                case '\\':
                    sb.append('\\').append(c);
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                default:
                    sb.append(c);
            }
        }
        sb.append('"');
    }
}
