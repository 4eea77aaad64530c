package io.modelwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * The project's own line protocol check (CONTRACT.md section 4), for the tests of every module: each point's
 * measurement, tags, field names and field types against the contract's table, the enumerated tag values
 * ({@code kind}, {@code severity}) and the escaping rules. It reads the line strictly, as InfluxDB 1.x does, and
 * reports what InfluxDB would refuse or store differently from what was meant:
 *
 * <ul>
 *   <li>a line that does not split into series key, fields and a timestamp; a timestamp that is not an integer
 *       count of nanoseconds (at least 10^17, so a value in ms or s is caught);
 *   <li>a name (measurement, tag key or value, field key) that ends in a backslash (InfluxDB 1.x cannot parse
 *       it; {@code LineProtocol} appends {@code _}), an unescaped {@code =} in a tag value, an empty tag key
 *       or value (an empty value is left out, never written), a tag or field twice;
 *   <li>a field value that is none of float, {@code 12i}, boolean or a quoted string, non-finite numbers
 *       ({@code NaN}, {@code Infinity}), an unescaped {@code "} or a lone backslash inside a string (only
 *       {@code \"}, {@code \\} and the {@code \n} / {@code \r} that stand for a newline may appear);
 *   <li>an unknown measurement, tag or field, a field whose type differs from the table's (InfluxDB refuses a
 *       field whose type changes between points); {@code <field>_status} (string) and {@code <field>_anomaly}
 *       (bool) only on {@code host} and {@code gpu} and only for a field of the table; {@code outcome_NAME}
 *       (float) and {@code outcome_NAME_count} (int) on {@code model_performance}.
 * </ul>
 * Values themselves (besides the enumerated tags) are never judged: the tests that made the points do that.
 */
public final class LpLint {
    private LpLint() {}

    enum Type { FLOAT, INT, STRING, BOOL }

    /** A measurement of the contract: its tags (null: any, as on {@code alerts}), required tags, and field types. */
    record Measurement(Set<String> tags, Set<String> requiredTags, Map<String, Type> fields) {}

    static final Map<String, Measurement> CONTRACT = new LinkedHashMap<>();
    private static final Type F = Type.FLOAT, I = Type.INT, S = Type.STRING, B = Type.BOOL;

    static {
        CONTRACT.put("feature_drift", m(Set.of("model", "feature", "window", "kind", "segment"),
                Set.of("model", "feature", "window", "kind"), new Object[] {
                "reference", S, "drift_alert", B, "drift_alert_by", S, "out_of_range", I, "unseen", I, "dim", I,
                "centroid_distance", F, "centroid_cosine", F, "count", I, "missing", I, "invalid", I,
                "missing_rate", F, "missing_shift", F, "psi", F, "ks_stat", F, "ks_pvalue", F, "ks_qvalue", F,
                "wasserstein", F, "mean_shift", F, "std_shift", F, "mean", F, "std", F, "chi2_stat", F,
                "chi2_pvalue", F, "drift_score", I, "drift_level", S, "degenerate", B}));
        CONTRACT.put("model_drift", m(Set.of("model", "window", "segment"), Set.of("model", "window"), new Object[] {
                "reference", S, "alerted", I, "features", I, "drifted", I, "high", I, "medium", I, "drift_share", F}));
        CONTRACT.put("model_serving", m(Set.of("model", "window", "segment"), Set.of("model", "window"), new Object[] {
                "count", I, "qps", F, "error_rate", F, "timeout_rate", F, "fallback_rate", F, "retry_rate", F,
                "latency_mean", F, "latency_min", F, "latency_p50", F, "latency_p90", F, "latency_p95", F,
                "latency_p99", F, "latency_max", F, "ttft_p50", F, "ttft_p99", F, "tokens_per_s", F,
                "confidence_mean", F, "confidence_std", F, "confidence_p50", F, "output_length_mean", F}));
        CONTRACT.put("host", m(Set.of("host"), Set.of("host"), new Object[] {
                "cpu_percent", F, "load1", F, "mem_percent", F, "mem_used_bytes", I, "mem_total_bytes", I,
                "swap_percent", F, "disk_read_bytes_per_s", F, "disk_write_bytes_per_s", F,
                "net_rx_bytes_per_s", F, "net_tx_bytes_per_s", F, "status", S}));
        CONTRACT.put("gpu", m(Set.of("host", "gpu", "name", "uuid"), Set.of("host", "gpu"), new Object[] {
                "utilization_percent", F, "memory_used_bytes", I, "memory_total_bytes", I, "memory_percent", F,
                "temperature_c", F, "power_w", F, "status", S}));
        CONTRACT.put("alerts", m(null, Set.of("rule", "severity"), new Object[] {
                "state", S, "value", F, "threshold", F, "summary", S, "description", S}));
        CONTRACT.put("pipeline", m(Set.of("job"), Set.of("job"), new Object[] {
                "records_in", I, "bad_records", I, "late_records", I, "labels_in", I, "points_out", I}));
        CONTRACT.put("model_performance", m(Set.of("model", "window", "segment"), Set.of("model", "window"), new Object[] {
                "predictions", I, "labelled", I, "label_coverage", F, "label_delay_p50", F, "label_delay_p99", F,
                "orphan_labels", I, "late_labels", I, "duplicate_labels", I, "accuracy", F, "precision", F,
                "recall", F, "f1", F, "auc", F, "log_loss", F, "brier", F, "ece", F, "positive_rate", F,
                "predicted_positive_rate", F, "macro_f1", F, "mae", F, "rmse", F, "mape", F, "r2", F, "bias", F,
                "estimated_accuracy", F, "final", B}));
        CONTRACT.put("input_quality", m(Set.of("model", "window", "segment"), Set.of("model", "window"), new Object[] {
                "records", I, "anomalous_records", I, "anomalous_rate", F, "out_of_range", I, "unseen", I,
                "missing_required", I, "invalid", I, "multivariate_outliers", I}));
        CONTRACT.put("multivariate_drift", m(Set.of("model", "window", "segment"), Set.of("model", "window"), new Object[] {
                "records", I, "components", I, "reconstruction_error", F, "threshold", F, "drifted", B}));
        CONTRACT.put("slo", m(Set.of("model", "slo", "window"), Set.of("model", "slo", "window"), new Object[] {
                "total", I, "bad", I, "error_ratio", F, "burn_rate", F, "budget_remaining", F}));
    }

    /** Enumerated tag values of the contract, by measurement and tag. */
    static final Map<String, Map<String, Set<String>>> TAG_VALUES = Map.of(
            "feature_drift", Map.of("kind", Set.of("numeric", "categorical", "embedding")),
            "alerts", Map.of("severity", Set.of("P0", "P1", "P2", "P3")));

    private static Measurement m(Set<String> tags, Set<String> required, Object[] fields) {
        Map<String, Type> f = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) f.put((String) fields[i], (Type) fields[i + 1]);
        return new Measurement(tags, required, Map.copyOf(f));
    }

    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INT = Pattern.compile("[-+]?\\d+i");
    private static final Set<String> TRUE = Set.of("t", "T", "true", "True", "TRUE");
    private static final Set<String> FALSE = Set.of("f", "F", "false", "False", "FALSE");
    private static final long MIN_NANOS = 100_000_000_000_000_000L; // 1973 in ns; a ms or s value is far below

    /** Fails the test, listing each problem once with a line showing it, unless every point of the files passes. */
    public static void assertPasses(Path fileOrDir) {
        List<String> problems = check(fileOrDir);
        if (!problems.isEmpty()) {
            fail("line protocol in " + fileOrDir + " breaks the contract (section 4):\n  " + String.join("\n  ", problems));
        }
    }

    /** The problems of a file, or of every file under a folder: "what (file:line: the line)", each kind once. */
    public static List<String> check(Path fileOrDir) {
        Map<String, String> problems = new LinkedHashMap<>();
        int lines = 0;
        try (Stream<Path> s = Files.isDirectory(fileOrDir) ? Files.walk(fileOrDir) : Stream.of(fileOrDir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int n = 0; n < all.size(); n++) {
                    String line = all.get(n);
                    if (line.isEmpty() || line.startsWith("#")) continue;
                    lines++;
                    for (String p : checkLine(line)) {
                        String at = f.getFileName() + ":" + (n + 1) + ": " + abbreviate(line);
                        problems.putIfAbsent(p, at);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        if (lines == 0) out.add("no points at all in " + fileOrDir);
        problems.forEach((p, at) -> out.add(p + " (e.g. " + at + ")"));
        return out;
    }

    private static String abbreviate(String line) {
        return line.length() <= 160 ? line : line.substring(0, 160) + "...";
    }

    /** The problems of one line; empty when it passes. */
    public static List<String> checkLine(String line) {
        List<String> problems = new ArrayList<>();
        Parsed p;
        try {
            p = parse(line, problems);
        } catch (IllegalArgumentException e) {
            problems.add("unparsable line: " + e.getMessage());
            return problems;
        }
        Measurement m = CONTRACT.get(p.measurement);
        if (m == null) {
            problems.add("unknown measurement '" + p.measurement + "'");
            return problems;
        }
        String me = p.measurement;
        for (Map.Entry<String, String> t : p.tags.entrySet()) {
            if (m.tags() != null && !m.tags().contains(t.getKey())) problems.add(me + ": unknown tag '" + t.getKey() + "'");
            Set<String> allowed = TAG_VALUES.getOrDefault(me, Map.of()).get(t.getKey());
            if (allowed != null && !allowed.contains(t.getValue())) {
                problems.add(me + ": tag " + t.getKey() + "='" + t.getValue() + "' is not one of " + new java.util.TreeSet<>(allowed));
            }
        }
        for (String required : m.requiredTags()) {
            if (!p.tags.containsKey(required)) problems.add(me + ": tag '" + required + "' missing");
        }
        for (Map.Entry<String, Object> f : p.fields.entrySet()) {
            String k = f.getKey();
            Type want = expectedType(me, m, k);
            if (want == null) {
                problems.add(me + ": unknown field '" + k + "'");
                continue;
            }
            Type got = typeOf(f.getValue());
            if (got != want) problems.add(me + "." + k + ": " + got + ", the contract says " + want);
        }
        if (p.timestamp == null || p.timestamp < MIN_NANOS) {
            problems.add(me + ": timestamp missing or not in nanoseconds");
        }
        return problems;
    }

    private static Type expectedType(String measurement, Measurement m, String field) {
        Type t = m.fields().get(field);
        if (t != null) return t;
        if (measurement.equals("host") || measurement.equals("gpu")) {
            // a metric's own judgement: <metric>_status, <metric>_anomaly (the point's status is not a metric)
            int cut = field.endsWith("_status") ? 7 : field.endsWith("_anomaly") ? 8 : 0;
            String metric = field.substring(0, field.length() - cut);
            if (cut > 0 && !metric.equals("status") && m.fields().containsKey(metric)) return cut == 7 ? S : B;
        }
        if (measurement.equals("model_performance") && field.startsWith("outcome_") && field.length() > 8) {
            return field.endsWith("_count") && field.length() > 14 ? I : F;
        }
        return null;
    }

    private static Type typeOf(Object v) {
        if (v instanceof Boolean) return B;
        if (v instanceof Long) return I;
        if (v instanceof Double) return F;
        return S;
    }

    record Parsed(String measurement, Map<String, String> tags, Map<String, Object> fields, Long timestamp) {}

    /**
     * Reads one line as InfluxDB 1.x does: the series key ends at the first unescaped space, the fields at the
     * next space outside quotes. Escaping problems that still leave a readable line go to {@code problems};
     * a line that cannot be read at all throws.
     */
    static Parsed parse(String line, List<String> problems) {
        int n = line.length(), i = 0;
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
        if (i >= n) throw new IllegalArgumentException("no fields after the series key");
        i++;
        String measurement = name(key.get(0), "measurement", problems);
        if (measurement.isEmpty()) throw new IllegalArgumentException("empty measurement");
        Map<String, String> tags = new LinkedHashMap<>();
        for (int k = 1; k < key.size(); k++) {
            String kv = key.get(k);
            int eq = unescapedIndexOf(kv, '=', 0);
            if (eq < 0) throw new IllegalArgumentException("tag without '=': " + kv);
            String rawValue = kv.substring(eq + 1);
            if (unescapedIndexOf(rawValue, '=', 0) >= 0) problems.add(measurement + ": unescaped '=' in a tag value");
            String tk = name(kv.substring(0, eq), "tag key", problems), tv = name(rawValue, "tag value", problems);
            if (tk.isEmpty()) problems.add(measurement + ": empty tag key");
            if (tv.isEmpty()) problems.add(measurement + ": empty tag value for '" + tk + "' (leave the tag out)");
            if (tags.put(tk, tv) != null) problems.add(measurement + ": tag '" + tk + "' twice");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        int start = i;
        boolean quoted = false;
        for (; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < n) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ',' || c == ' ')) {
                field(line.substring(start, i), measurement, fields, problems);
                start = i + 1;
                if (c == ' ') break;
            }
        }
        if (quoted) throw new IllegalArgumentException("a string field without its closing quote");
        Long ts = null;
        if (i >= n) {
            field(line.substring(start), measurement, fields, problems);
        } else {
            String t = line.substring(i + 1);
            if (!t.matches("-?\\d{1,19}")) throw new IllegalArgumentException("timestamp '" + t + "' is not an integer");
            ts = Long.parseLong(t);
        }
        return new Parsed(measurement, tags, fields, ts);
    }

    private static void field(String kv, String measurement, Map<String, Object> fields, List<String> problems) {
        int eq = unescapedIndexOf(kv, '=', 0);
        if (eq <= 0) throw new IllegalArgumentException("field without a key or '=': " + kv);
        String key = name(kv.substring(0, eq), "field key", problems);
        String raw = kv.substring(eq + 1);
        Object v;
        if (raw.startsWith("\"")) {
            if (raw.length() < 2 || !raw.endsWith("\"")) {
                throw new IllegalArgumentException("string field '" + key + "' has text after its closing quote");
            }
            v = string(raw.substring(1, raw.length() - 1), measurement + "." + key, problems);
        } else if (TRUE.contains(raw)) {
            v = Boolean.TRUE;
        } else if (FALSE.contains(raw)) {
            v = Boolean.FALSE;
        } else if (INT.matcher(raw).matches()) {
            try {
                v = Long.parseLong(raw.substring(0, raw.length() - 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("integer field '" + key + "' out of range: " + raw);
            }
        } else if (FLOAT.matcher(raw).matches()) {
            double d = Double.parseDouble(raw);
            if (!Double.isFinite(d)) problems.add(measurement + "." + key + ": non-finite number");
            v = d;
        } else if (raw.matches("(?i)[-+]?(nan|inf|infinity)")) {
            problems.add(measurement + "." + key + ": non-finite number");
            v = Double.NaN;
        } else {
            throw new IllegalArgumentException("field '" + key + "' has no valid value: '" + raw + "'");
        }
        if (fields.put(key, v) != null) problems.add(measurement + ": field '" + key + "' twice");
    }

    /** A name: {@code \,} {@code \ } {@code \=} {@code \\} stand for the character, any other backslash is literal. */
    private static String name(String raw, String what, List<String> problems) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                char d = raw.charAt(i + 1);
                if (d == ',' || d == ' ' || d == '=' || d == '\\') {
                    sb.append(d);
                    i++;
                    continue;
                }
            }
            sb.append(c);
        }
        String s = sb.toString();
        if (s.endsWith("\\")) problems.add("a " + what + " ends in a backslash (InfluxDB 1.x cannot parse it): '" + raw + "'");
        return s;
    }

    /** A string field's inside: {@code \"} and {@code \\}; {@code \n} / {@code \r} stand for line breaks. */
    private static String string(String raw, String what, List<String> problems) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                char d = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
                if (d == '"' || d == '\\') {
                    sb.append(d);
                    i++;
                    continue;
                }
                if (d != 'n' && d != 'r') problems.add(what + ": a lone backslash in a string (write \\\\)");
            } else if (c == '"') {
                problems.add(what + ": an unescaped '\"' in a string (write \\\")");
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static int unescapedIndexOf(String s, char target, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == target) {
                return i;
            }
        }
        return -1;
    }
}
