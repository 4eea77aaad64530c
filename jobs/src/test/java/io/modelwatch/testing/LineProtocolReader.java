package io.modelwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads InfluxDB line protocol back into measurement, tags, fields and timestamp, for tests. Unescaping follows
 * {@code io.modelwatch.influx.LineProtocol} (and InfluxDB 2.x / {@link LpLint}): in names a backslash before a comma,
 * space, {@code =} or backslash stands for that character; any other backslash is literal, so a newline written
 * as the two characters {@code \n} stays those two characters. String fields: {@code \"} and {@code \\} are
 * unescaped. Field values: {@code 12i} is a Long, {@code true}/{@code false} a Boolean, a quoted value a String,
 * anything else a Double.
 */
public final class LineProtocolReader {

    /** One parsed line. */
    public static final class Line {
        public final String measurement;
        public final Map<String, String> tags;
        public final Map<String, Object> fields;
        /** Nanoseconds; null when the line has no timestamp. */
        public final Long timestamp;

        Line(String measurement, Map<String, String> tags, Map<String, Object> fields, Long timestamp) {
            this.measurement = measurement;
            this.tags = Collections.unmodifiableMap(tags);
            this.fields = Collections.unmodifiableMap(fields);
            this.timestamp = timestamp;
        }

        public String tag(String key) {
            return tags.get(key);
        }

        public boolean has(String field) {
            return fields.containsKey(field);
        }

        /** A numeric field as a double (Long and Double); throws if absent or not a number. */
        public double number(String field) {
            Object v = fields.get(field);
            if (!(v instanceof Number)) {
                throw new AssertionError("field " + field + " is not a number in " + this + ": " + v);
            }
            return ((Number) v).doubleValue();
        }

        @Override
        public String toString() {
            return measurement + tags + fields + " " + timestamp;
        }
    }

    private LineProtocolReader() {}

    public static List<Line> read(Path file) {
        try {
            List<Line> out = new ArrayList<>();
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.isEmpty() || l.startsWith("#")) continue;
                out.add(parse(l));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Line parse(String line) {
        int i = 0, n = line.length();
        // series key: up to the first unescaped space
        List<String> key = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < n) {
                cur.append(c).append(line.charAt(++i));
            } else if (c == ',') {
                key.add(cur.toString());
                cur.setLength(0);
            } else if (c == ' ') {
                break;
            } else {
                cur.append(c);
            }
        }
        key.add(cur.toString());
        if (i >= n) throw new IllegalArgumentException("no fields: " + line);
        i++; // the space
        String measurement = unescape(key.get(0));
        Map<String, String> tags = new TreeMap<>();
        for (int k = 1; k < key.size(); k++) {
            String kv = key.get(k);
            int eq = unescapedIndexOf(kv, '=');
            if (eq < 0) throw new IllegalArgumentException("tag without '=': " + kv + " in " + line);
            String tk = unescape(kv.substring(0, eq));
            if (tags.put(tk, unescape(kv.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("duplicate tag " + tk + " in " + line);
            }
        }
        // fields: up to the next space outside quotes
        Map<String, Object> fields = new LinkedHashMap<>();
        cur.setLength(0);
        boolean quoted = false;
        String fieldKey = null;
        for (; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < n) {
                cur.append(c).append(line.charAt(++i));
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (!quoted && fieldKey == null && c == '=') {
                fieldKey = unescape(cur.toString());
                cur.setLength(0);
            } else if (!quoted && (c == ',' || c == ' ')) {
                putField(fields, fieldKey, cur.toString(), line);
                fieldKey = null;
                cur.setLength(0);
                if (c == ' ') break;
            } else {
                cur.append(c);
            }
        }
        if (quoted) throw new IllegalArgumentException("unterminated string: " + line);
        Long ts = null;
        if (i >= n) {
            putField(fields, fieldKey, cur.toString(), line);
        } else {
            ts = Long.parseLong(line.substring(i + 1));
        }
        return new Line(measurement, tags, fields, ts);
    }

    private static void putField(Map<String, Object> fields, String key, String raw, String line) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("field without key in " + line);
        Object v;
        if (raw.startsWith("\"")) {
            if (raw.length() < 2 || !raw.endsWith("\"")) throw new IllegalArgumentException("bad string " + raw);
            v = unescapeString(raw.substring(1, raw.length() - 1));
        } else if (raw.equals("true") || raw.equals("t") || raw.equals("T") || raw.equals("True") || raw.equals("TRUE")) {
            v = Boolean.TRUE;
        } else if (raw.equals("false") || raw.equals("f") || raw.equals("F") || raw.equals("False") || raw.equals("FALSE")) {
            v = Boolean.FALSE;
        } else if (raw.endsWith("i")) {
            v = Long.parseLong(raw.substring(0, raw.length() - 1));
        } else {
            v = Double.parseDouble(raw);
        }
        if (fields.put(key, v) != null) throw new IllegalArgumentException("duplicate field " + key + " in " + line);
    }

    private static int unescapedIndexOf(String s, char target) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == target) {
                return i;
            }
        }
        return -1;
    }

    /** Names: {@code \,} {@code \ } {@code \=} {@code \\} stand for the character; other backslashes are literal. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(i + 1);
                if (d == ',' || d == ' ' || d == '=' || d == '\\') {
                    sb.append(d);
                    i++;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** String field values: {@code \"} and {@code \\} stand for the character. */
    static String unescapeString(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                sb.append(s.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
