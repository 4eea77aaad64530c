package io.modelwatch.stream;

import io.modelwatch.io.Timestamps;

import java.nio.charset.StandardCharsets;

/**
 * Finds the event time of a raw prediction line without parsing the whole line, for the source's per-partition
 * watermarks: walks the top-level object's keys, skips every other value without converting it, and reads
 * {@code ts} the way {@code PredictionParser} does (an integer is epoch millis, a string ISO-8601 with a zone,
 * a decimal is truncated). Writers usually put {@code ts} first, so this mostly reads a few dozen bytes.
 *
 * <p>Only watermarks depend on it: which pane a record lands in, and whether it is late, follow the full parse.
 * A line this cannot read returns {@link Long#MIN_VALUE} and does not move the watermark.
 */
final class TsScanner {
    public static final long UNKNOWN = Long.MIN_VALUE;

    private TsScanner() {}

    public static long eventTime(byte[] b, int len) {
        if (b == null) return UNKNOWN;
        try {
            int i = ws(b, 0, len);
            if (i >= len || b[i] != '{') return UNKNOWN;
            i++;
            while (true) {
                i = ws(b, i, len);
                if (i >= len || b[i] != '"') return UNKNOWN;
                int keyStart = i + 1;
                int keyEnd = stringEnd(b, i, len);
                if (keyEnd < 0) return UNKNOWN;
                boolean isTs = keyEnd - keyStart == 2 && b[keyStart] == 't' && b[keyStart + 1] == 's';
                i = ws(b, keyEnd + 1, len);
                if (i >= len || b[i] != ':') return UNKNOWN;
                i = ws(b, i + 1, len);
                if (i >= len) return UNKNOWN;
                if (isTs) return tsValue(b, i, len);
                i = skipValue(b, i, len);
                if (i < 0) return UNKNOWN;
                i = ws(b, i, len);
                if (i >= len || b[i] != ',') return UNKNOWN;
                i++;
            }
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static long tsValue(byte[] b, int i, int len) {
        if (b[i] == '"') {
            int end = stringEnd(b, i, len);
            if (end < 0) return UNKNOWN;
            for (int k = i + 1; k < end; k++) if (b[k] == '\\') return UNKNOWN;
            long ts = Timestamps.parseIsoMillis(new String(b, i + 1, end - i - 1, StandardCharsets.US_ASCII));
            return ts;
        }
        int end = i;
        boolean decimal = false;
        while (end < len) {
            byte c = b[end];
            if (c == '.' || c == 'e' || c == 'E') decimal = true;
            else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) break;
            end++;
        }
        if (end == i) return UNKNOWN;
        String text = new String(b, i, end - i, StandardCharsets.US_ASCII);
        if (!decimal) return Long.parseLong(text);
        double d = Double.parseDouble(text);
        return Double.isFinite(d) ? (long) d : UNKNOWN;
    }

    private static int ws(byte[] b, int i, int len) {
        while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) i++;
        return i;
    }

    /** The index of the quote that closes the string opening at {@code i}, or -1. */
    private static int stringEnd(byte[] b, int i, int len) {
        for (int k = i + 1; k < len; k++) {
            if (b[k] == '\\') k++;
            else if (b[k] == '"') return k;
        }
        return -1;
    }

    /** The index just after the value starting at {@code i}, or -1. */
    private static int skipValue(byte[] b, int i, int len) {
        byte c = b[i];
        if (c == '"') {
            int end = stringEnd(b, i, len);
            return end < 0 ? -1 : end + 1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int k = i; k < len; k++) {
                byte d = b[k];
                if (d == '"') {
                    k = stringEnd(b, k, len);
                    if (k < 0) return -1;
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    if (--depth == 0) return k + 1;
                }
            }
            return -1;
        }
        int k = i;
        while (k < len && b[k] != ',' && b[k] != '}' && b[k] != ']' && b[k] != ' ' && b[k] != '\n') k++;
        return k;
    }
}
