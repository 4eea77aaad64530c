package io.modelwatch.report;

import io.modelwatch.influx.Point;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads back the line protocol the jobs write ({@link io.modelwatch.influx.LineProtocol}), with the same
 * escaping rules: in measurement, tag and field names a backslash before a comma, space, {@code =} or backslash
 * stands for that character and any other backslash is literal (so a newline the writer turned into the two
 * characters {@code \n} stays those two characters, as InfluxDB stores it); in string field values {@code \"}
 * and {@code \\} stand for the character. {@code 12i} is an integer, {@code true}/{@code false} (and t, f,
 * True, ...) a boolean, a quoted value a string, anything else a float. A malformed line is an error naming
 * the file and line: a report must not silently leave points out.
 */
final class LineProtocolParser {

    private LineProtocolParser() {}

    /** Every point of a file ({@code .gz} decompressed); blank lines and {@code #} comments are skipped. */
    static long read(Path file, Consumer<Point> sink) {
        long n = 0, lineNo = 0;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isEmpty() || line.charAt(0) == '#') continue;
                Point p;
                try {
                    p = parse(line);
                } catch (IllegalArgumentException e) {
                    throw new ReportException(file + ":" + lineNo + ": not line protocol: " + e.getMessage());
                }
                sink.accept(p);
                n++;
            }
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + (lineNo > 0 ? " at line " + lineNo : "") + ": " + e.getMessage(), e);
        }
        return n;
    }

    static Point parse(String line) {
        int n = line.length();
        StringBuilder cur = new StringBuilder(32);
        // Measurement: up to the first unescaped comma or space.
        int i = name(line, 0, cur, false);
        if (cur.length() == 0) throw new IllegalArgumentException("no measurement");
        Point.Builder b = Point.builder(cur.toString());
        // Tags: ,key=value pairs up to the first unescaped space.
        while (i < n && line.charAt(i) == ',') {
            cur.setLength(0);
            i = name(line, i + 1, cur, true);
            if (i >= n || line.charAt(i) != '=') throw new IllegalArgumentException("tag without '='");
            String key = cur.toString();
            cur.setLength(0);
            i = name(line, i + 1, cur, false);
            b.tag(key, cur.toString());
        }
        if (i >= n || line.charAt(i) != ' ') throw new IllegalArgumentException("no fields");
        i++;
        int fields = 0;
        while (true) {
            cur.setLength(0);
            i = name(line, i, cur, true);
            if (i >= n || line.charAt(i) != '=' || cur.length() == 0) throw new IllegalArgumentException("field without '='");
            String key = cur.toString();
            i++;
            if (i < n && line.charAt(i) == '"') {
                cur.setLength(0);
                i++;
                for (; i < n; i++) {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        cur.append(line.charAt(++i));
                    } else if (c == '"') {
                        break;
                    } else {
                        cur.append(c);
                    }
                }
                if (i >= n) throw new IllegalArgumentException("unterminated string field " + key);
                i++;
                b.field(key, cur.toString());
            } else {
                int start = i;
                while (i < n && line.charAt(i) != ',' && line.charAt(i) != ' ') i++;
                value(b, key, line.substring(start, i));
            }
            fields++;
            if (i >= n) throw new IllegalArgumentException("no timestamp");
            if (line.charAt(i) == ' ') break;
            i++; // the comma before the next field
        }
        if (fields == 0) throw new IllegalArgumentException("no fields");
        String ts = line.substring(i + 1).trim();
        try {
            b.timeNanos(Long.parseLong(ts));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad timestamp '" + ts + "'");
        }
        return b.build();
    }

    /** Reads a name from {@code i} into {@code out}; stops at an unescaped comma, space or (if asked) '='. */
    private static int name(String line, int i, StringBuilder out, boolean stopAtEquals) {
        int n = line.length();
        for (; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char d = line.charAt(i + 1);
                if (d == ',' || d == ' ' || d == '=' || d == '\\') {
                    out.append(d);
                    i++;
                    continue;
                }
                out.append(c);
            } else if (c == ',' || c == ' ' || (stopAtEquals && c == '=')) {
                return i;
            } else {
                out.append(c);
            }
        }
        return i;
    }

    private static void value(Point.Builder b, String key, String raw) {
        switch (raw) {
            case "t": case "T": case "true": case "True": case "TRUE":
                b.field(key, true);
                return;
            case "f": case "F": case "false": case "False": case "FALSE":
                b.field(key, false);
                return;
            default:
        }
        try {
            if (raw.endsWith("i")) {
                b.intField(key, Long.parseLong(raw.substring(0, raw.length() - 1)));
            } else if (raw.endsWith("u")) {
                b.intField(key, Long.parseUnsignedLong(raw.substring(0, raw.length() - 1)));
            } else {
                b.field(key, Double.parseDouble(raw));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value '" + raw + "' of field " + key);
        }
    }
}
