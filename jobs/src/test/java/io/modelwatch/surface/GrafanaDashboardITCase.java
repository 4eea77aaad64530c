package io.modelwatch.surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query of deploy/grafana/modelwatch.json (panels, template variables, annotations) runs against the
 * InfluxDB that {@link SurfaceData} filled with the real jobs, with Grafana's variables substituted the way
 * its InfluxDB datasource does ({@code $timeFilter} as epoch-millisecond bounds, {@code $__interval} from the
 * panel's minimum interval, regex-escaped values, {@code (a|b)} for several). Each panel must return the
 * series it is meant to show, with a value in every column it selects.
 */
@ExtendWith(SurfaceData.class)
class GrafanaDashboardITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ALIAS = Pattern.compile("AS \"([^\"]+)\"");
    private static final Pattern GROUP_BY_TAG = Pattern.compile("GROUP BY (?:time\\([^)]*\\), )?(.*?)(?: fill\\(\\w+\\))?$");

    /** What each panel is meant to show: tag (or table column) values that must appear among its series. */
    private static final Map<String, Map<String, Set<String>>> MEANT = new LinkedHashMap<>();

    static {
        MEANT.put("Drift share", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Top drifted features (highest PSI in range)", Map.of("feature", Set.of("num_000", "num_003", "cat_00")));
        MEANT.put("PSI per feature", Map.of("feature", Set.of("num_000", "num_003", "cat_00", "num_005", "__prediction")));
        MEANT.put("Feature $feature: PSI, KS and Wasserstein", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Drifted features by level", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Features with q-value below 0.05", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Latency percentiles", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Error, timeout and fallback rate", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Requests per second", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Confidence", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Time to first token and tokens/s", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Host CPU and memory", Map.of("host", Set.of(SurfaceData.HOST)));
        MEANT.put("GPU utilisation", Map.of("host", Set.of(SurfaceData.HOST), "gpu", Set.of("0", "1")));
        MEANT.put("GPU memory", Map.of("host", Set.of(SurfaceData.HOST), "gpu", Set.of("0", "1")));
        MEANT.put("Host and GPU status (latest)", Map.of("host", Set.of(SurfaceData.HOST)));
        MEANT.put("Alert transitions", Map.of("severity", Set.of("P1", "P3")));
        MEANT.put("Alerts", Map.of("rule", Set.of("HighErrorRate", "DataDriftDetected"), "model", Set.of("fraud-scorer", "ranker")));
        MEANT.put("Job health", Map.of("job", Set.of("backfill")));
        // labels of both models from hour 6 agree with the decision 65 % of the time (concept drift)
        MEANT.put("Accuracy: realised and estimated", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Label coverage and delay", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Error budget remaining", Map.of("model", Set.of("fraud-scorer"), "slo", Set.of("availability", "latency", "errors")));
        MEANT.put("Burn rates (5m, 1h, 6h, 3d)", Map.of("slo", Set.of("availability", "latency", "errors"),
                "window", Set.of("5m", "1h", "6h", "3d")));
        // fraud-scorer has 9 % errors and timeouts in hours 4-8 (burn rate 90 on the 99.9 % SLOs)
        // input checks (issue 16): the drifted num_000 leaves the reference range of both models
        MEANT.put("Anomalous-record rate", Map.of("model", Set.of("fraud-scorer")));
        MEANT.put("Features by reason (in range)", Map.of("feature", Set.of("num_000", "cat_00")));
        MEANT.put("SLO burn alerts", Map.of("rule", Set.of("SLOBurnFast", "SLOBurnSlow"), "slo", Set.of("availability", "errors")));
    }

    @Test
    void everyPanelQueryReturnsTheSeriesItIsMeantToShow(SurfaceData data) throws Exception {
        JsonNode dash = dashboard();
        Map<String, String> vars = variables(data, "fraud-scorer");
        List<String> checked = new ArrayList<>();
        for (JsonNode panel : panels(dash)) {
            String title = panel.path("title").asText();
            assertThat(MEANT).as("panel '" + title + "' has an expectation in this test").containsKey(title);
            Map<String, Set<String>> seen = new LinkedHashMap<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("rawQuery").asBoolean()).as(title + ": raw InfluxQL").isTrue();
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                String raw = target.path("query").asText();
                assertThat(raw).as(title + ": bounded by the dashboard's time range").contains("$timeFilter");
                if (raw.contains("GROUP BY time(")) assertThat(raw).contains("GROUP BY time($__interval)");
                String q = substitute(raw, vars, intervalOf(panel, vars));
                List<JsonNode> series = run(data, SurfaceData.DB, q);
                assertThat(series).as(title + " returns series: " + q).isNotEmpty();
                for (String column : selectedColumns(raw)) {
                    assertThat(hasValue(series, column)).as(title + ": a value in column " + column + " (" + q + ")").isTrue();
                }
                for (String tag : groupByTags(raw)) {
                    assertThat(series).as(title + ": series tagged " + tag)
                            .allSatisfy(s -> assertThat(s.path("tags").has(tag)).isTrue());
                }
                collect(series, seen);
            }
            MEANT.get(title).forEach((key, values) ->
                    assertThat(seen.getOrDefault(key, Set.of())).as(title + ": " + key + " values").containsAll(values));
            checked.add(title);
        }
        assertThat(checked).containsExactlyInAnyOrderElementsOf(MEANT.keySet());
        System.out.println("dashboard panels checked: " + checked);
    }

    @Test
    void allModelsSelectedShowsEveryModel(SurfaceData data) throws Exception {
        Map<String, String> vars = variables(data, null);
        for (JsonNode panel : panels(dashboard())) {
            if (!panel.path("title").asText().equals("Latency percentiles")) continue;
            String q = substitute(panel.path("targets").path(0).path("query").asText(), vars, "1h");
            Map<String, Set<String>> seen = new LinkedHashMap<>();
            collect(run(data, SurfaceData.DB, q), seen);
            assertThat(seen.get("model")).containsExactlyInAnyOrderElementsOf(SurfaceData.MODELS);
            return;
        }
        throw new AssertionError("no Latency percentiles panel");
    }

    @Test
    void templateVariablesAndAnnotationsResolve(SurfaceData data) throws Exception {
        JsonNode dash = dashboard();
        Map<String, String> vars = variables(data, "fraud-scorer");
        Map<String, Set<String>> expected = Map.of("model", Set.copyOf(SurfaceData.MODELS), "window", Set.of("1h"),
                "feature", Set.of("num_000", "cat_00", "__confidence"), "host", Set.of(SurfaceData.HOST));
        for (JsonNode v : dash.path("templating").path("list")) {
            if (!v.path("type").asText().equals("query")) continue;
            String name = v.path("name").asText();
            List<JsonNode> series = run(data, SurfaceData.DB, substitute(v.path("query").asText(), vars, "1h"));
            Set<String> values = new HashSet<>();
            series.forEach(s -> s.path("values").forEach(row -> values.add(row.get(1).asText())));
            assertThat(values).as("variable $" + name).containsAll(expected.get(name));
        }
        for (JsonNode a : dash.path("annotations").path("list")) {
            List<JsonNode> series = run(data, SurfaceData.DB, substitute(a.path("query").asText(), vars, "1h"));
            assertThat(series).as("annotation " + a.path("name").asText()).isNotEmpty();
        }
    }

    @Test
    void withoutGpuPointsEveryQueryStillRuns(SurfaceData data) throws Exception {
        Map<String, String> vars = variables(data, "fraud-scorer");
        for (JsonNode panel : panels(dashboard())) {
            for (JsonNode target : panel.path("targets")) {
                List<JsonNode> series = run(data, SurfaceData.DB_NO_GPU,
                        substitute(target.path("query").asText(), vars, intervalOf(panel, vars)));
                if (target.path("query").asText().contains("FROM \"gpu\"")) assertThat(series).isEmpty();
            }
        }
    }

    // --- Grafana's substitution, as its InfluxDB datasource does it ---

    private static Map<String, String> variables(SurfaceData data, String model) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("$timeFilter", "time >= " + data.from().toEpochMilli() + "ms and time <= " + data.to().toEpochMilli() + "ms");
        v.put("$model", model == null ? "(" + String.join("|", SurfaceData.MODELS.stream().map(GrafanaDashboardITCase::escape).toList()) + ")"
                : escape(model));
        v.put("$window", "1h");
        v.put("$feature", "num_000");
        v.put("$host", escape(SurfaceData.HOST));
        return v;
    }

    /** Grafana's escapeRegex for values in {@code =~ /^$var$/}. */
    static String escape(String value) {
        return value.replaceAll("[\\\\^$*+?.()|\\[\\]{}/]", "\\\\$0");
    }

    private static String intervalOf(JsonNode panel, Map<String, String> vars) {
        String min = panel.path("interval").asText("");
        if (min.isEmpty()) return "1m";
        return min.startsWith("$") ? vars.getOrDefault(min, min) : min;
    }

    static String substitute(String q, Map<String, String> vars, String interval) {
        String out = q.replace("$__interval", interval);
        for (Map.Entry<String, String> e : vars.entrySet()) out = out.replace(e.getKey(), e.getValue());
        assertThat(out).as("every variable substituted: " + out).doesNotContainPattern("\\$[\\w{]");
        return out;
    }

    private static List<String> selectedColumns(String q) {
        List<String> cols = new ArrayList<>();
        Matcher m = ALIAS.matcher(q.substring(0, q.indexOf(" FROM ")));
        while (m.find()) cols.add(m.group(1));
        if (cols.isEmpty()) {
            for (String part : q.substring("SELECT ".length(), q.indexOf(" FROM ")).split(",")) cols.add(part.trim().replace("\"", ""));
        }
        return cols;
    }

    private static List<String> groupByTags(String q) {
        Matcher m = GROUP_BY_TAG.matcher(q);
        if (!q.contains("GROUP BY") || !m.find()) return List.of();
        List<String> tags = new ArrayList<>();
        for (String t : m.group(1).split(",")) {
            t = t.trim().replace("\"", "");
            if (!t.isEmpty() && !t.startsWith("time(")) tags.add(t);
        }
        return tags;
    }

    private static boolean hasValue(List<JsonNode> series, String column) {
        for (JsonNode s : series) {
            int i = indexOf(s, column);
            if (i < 0) continue;
            for (JsonNode row : s.path("values")) if (!row.get(i).isNull()) return true;
        }
        return false;
    }

    private static int indexOf(JsonNode s, String column) {
        int i = 0;
        for (JsonNode c : s.path("columns")) {
            if (c.asText().equals(column)) return i;
            i++;
        }
        return -1;
    }

    /** Tag values of every series, and the values of tag-like columns (a top() table carries them as columns). */
    private static void collect(List<JsonNode> series, Map<String, Set<String>> seen) {
        for (JsonNode s : series) {
            s.path("tags").fields().forEachRemaining(e -> {
                if (!e.getValue().asText().isEmpty()) seen.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue().asText());
            });
            for (String col : List.of("feature", "model")) {
                int i = indexOf(s, col);
                if (i >= 0) s.path("values").forEach(row -> seen.computeIfAbsent(col, k -> new HashSet<>()).add(row.get(i).asText()));
            }
        }
    }

    private static List<JsonNode> run(SurfaceData data, String db, String q) {
        JsonNode result = data.influx().query(db, q).path("results").path(0);
        List<JsonNode> out = new ArrayList<>();
        result.path("series").forEach(out::add);
        return out;
    }

    static JsonNode dashboard() throws IOException {
        return JSON.readTree(SurfaceData.root().resolve("deploy/grafana/modelwatch.json").toFile());
    }

    /** Every panel with queries, rows' nested panels included. */
    private static List<JsonNode> panels(JsonNode dash) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dash.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(out::add);
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
