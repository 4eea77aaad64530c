package io.modelwatch.sensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warning and critical levels per metric: a value above {@code critical} is critical, above {@code warning}
 * a warning, else normal. Defaults: host {@code cpu_percent} and {@code mem_percent} 70 / 90; gpu
 * {@code utilization_percent} 80 / 95, {@code memory_percent} 80 / 90. A YAML file changes or adds levels:
 *
 * <pre>
 * host:
 *   cpu_percent: {warning: 80, critical: 95}
 *   swap_percent: {warning: 50, critical: 80}
 * gpu:
 *   temperature_c: {warning: 80, critical: 90}
 * </pre>
 *
 * A metric named in the file replaces its default; the others keep theirs. A metric written as
 * {@code cpu_percent: off} has no threshold.
 */
public final class Thresholds implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String NORMAL = "normal", WARNING = "warning", CRITICAL = "critical";

    /** Both levels of one metric. */
    public record Level(double warning, double critical) implements Serializable {}

    private final Map<String, Map<String, Level>> levels;

    private Thresholds(Map<String, Map<String, Level>> levels) {
        this.levels = levels;
    }

    public static Thresholds defaults() {
        Map<String, Map<String, Level>> m = new LinkedHashMap<>();
        m.put(SensorSchema.HOST, new LinkedHashMap<>(Map.of(
                "cpu_percent", new Level(70, 90),
                "mem_percent", new Level(70, 90))));
        m.put(SensorSchema.GPU, new LinkedHashMap<>(Map.of(
                "utilization_percent", new Level(80, 95),
                "memory_percent", new Level(80, 90))));
        return new Thresholds(m);
    }

    /** The defaults changed by a YAML file; a file that is unreadable or wrong is a {@link SensorsSetupException}. */
    public static Thresholds load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new SensorsSetupException("--thresholds " + file + ": " + firstLine(e.getMessage()));
        }
        return defaults().with(root, "--thresholds " + file);
    }

    Thresholds with(JsonNode root, String where) {
        if (root == null || root.isMissingNode() || root.isNull()) return this;
        if (!root.isObject()) throw new SensorsSetupException(where + ": expected `host:` and/or `gpu:` sections");
        Map<String, Map<String, Level>> m = new LinkedHashMap<>();
        levels.forEach((k, v) -> m.put(k, new LinkedHashMap<>(v)));
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> section = it.next();
            String measurement = section.getKey();
            if (SensorSchema.fields(measurement) == null) {
                throw new SensorsSetupException(where + ": unknown section '" + measurement + "' (use host or gpu)");
            }
            if (!section.getValue().isObject()) {
                throw new SensorsSetupException(where + ": '" + measurement + "' must map metric names to levels");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fs = section.getValue().fields(); fs.hasNext(); ) {
                Map.Entry<String, JsonNode> f = fs.next();
                String field = f.getKey();
                String name = measurement + "." + field;
                if (!SensorSchema.fields(measurement).contains(field)) {
                    throw new SensorsSetupException(where + ": unknown metric " + name + " (one of "
                            + SensorSchema.fields(measurement) + ")");
                }
                JsonNode v = f.getValue();
                if (v.isBoolean() && !v.booleanValue() || v.isTextual() && v.textValue().equals("off") || v.isNull()) {
                    m.get(measurement).remove(field);
                    continue;
                }
                JsonNode w = v.get("warning");
                JsonNode c = v.get("critical");
                if (w == null || c == null || !w.isNumber() || !c.isNumber()) {
                    throw new SensorsSetupException(where + ": " + name + " needs numbers {warning: W, critical: C}");
                }
                if (w.doubleValue() > c.doubleValue()) {
                    throw new SensorsSetupException(where + ": " + name + ": warning " + w + " is above critical " + c);
                }
                m.get(measurement).put(field, new Level(w.doubleValue(), c.doubleValue()));
            }
        }
        return new Thresholds(m);
    }

    /** The metric's level, or null when it has no threshold. */
    public Level level(String measurement, String field) {
        Map<String, Level> m = levels.get(measurement);
        return m == null ? null : m.get(field);
    }

    /** normal / warning / critical, or null when the metric has no threshold. */
    public String status(String measurement, String field, double value) {
        Level l = level(measurement, field);
        if (l == null) return null;
        if (value > l.critical()) return CRITICAL;
        if (value > l.warning()) return WARNING;
        return NORMAL;
    }

    static String worst(String a, String b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(String s) {
        return CRITICAL.equals(s) ? 2 : WARNING.equals(s) ? 1 : 0;
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse(s);
    }

    @Override
    public String toString() {
        return levels.toString();
    }
}
