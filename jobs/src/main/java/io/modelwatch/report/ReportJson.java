package io.modelwatch.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.modelwatch.influx.Point;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the page's data: one JSON document, columnar (one array per column) so 100,000 feature rows do not
 * repeat 20 keys each. It goes inside {@code <script type="application/json">}, where only {@code </script}
 * or {@code <!--} could end or confuse the element: {@code <}, {@code >} and {@code &} are written as
 * {@code \u003c}, {@code \u003e}, {@code \u0026} (and U+2028/U+2029 escaped too), so no name, however
 * hostile, can close the element; JSON.parse gives the characters back unchanged.
 */
final class ReportJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ReportJson() {}

    static final class Meta {
        String title, source;
        long generatedMillis;
        Long fromMillis, toMillis;
        int top;
        String chartLibrary;
    }

    static void write(Writer out, ReportCollector c, Meta meta) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setCharacterEscapes(new HtmlSafeEscapes());
        g.writeStartObject();
        g.writeStringField("title", meta.title);
        g.writeStringField("source", meta.source);
        g.writeNumberField("generated", meta.generatedMillis);
        writeLongOrNull(g, "from", meta.fromMillis);
        writeLongOrNull(g, "to", meta.toMillis);
        g.writeNumberField("top", meta.top);
        g.writeStringField("chartLibrary", meta.chartLibrary);

        List<String> modelNames = new ArrayList<>(c.models.keySet());
        modelNames.sort(Comparator.naturalOrder());
        g.writeArrayFieldStart("models");
        for (String m : modelNames) {
            ReportCollector.ModelExtras e = c.models.get(m);
            g.writeStartObject();
            g.writeStringField("name", m);
            g.writeArrayFieldStart("slo");
            for (ReportCollector.SloSeries s : e.slos.values()) writeSlo(g, s);
            g.writeEndArray();
            g.writeFieldName("alerts");
            writeAlerts(g, e.alerts);
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeArrayFieldStart("units");
        List<ReportCollector.Unit> units = new ArrayList<>(c.units.values());
        units.sort(Comparator.comparing((ReportCollector.Unit u) -> u.model)
                .thenComparing(u -> u.segment == null ? "" : u.segment).thenComparing(u -> u.window == null ? "" : u.window));
        for (ReportCollector.Unit u : units) writeUnit(g, u, modelNames.indexOf(u.model), meta.top);
        g.writeEndArray();
        g.writeFieldName("systemAlerts");
        writeAlerts(g, c.systemAlerts);
        g.writeEndObject();
        g.flush();
    }

    /** Most drifted first: worst drift score, then windows alerted, then windows at level high, then largest PSI. */
    static final Comparator<FeatureSeries> RANK = Comparator
            .comparingInt((FeatureSeries f) -> -f.maxScore)
            .thenComparingInt(f -> -f.alertedWindows)
            .thenComparingInt(f -> -f.highWindows)
            .thenComparingDouble(f -> Double.isNaN(f.maxPsi) ? Double.POSITIVE_INFINITY : -f.maxPsi)
            .thenComparing(f -> f.name);

    private static void writeUnit(JsonGenerator g, ReportCollector.Unit u, int modelIndex, int top) throws IOException {
        int w = u.windowCount;
        g.writeStartObject();
        g.writeStringField("label", u.label());
        g.writeStringField("model", u.model);
        g.writeNumberField("modelIndex", modelIndex);
        g.writeStringField("segment", u.segment);
        g.writeStringField("window", u.window);
        g.writeArrayFieldStart("windows");
        for (int i = 0; i < w; i++) g.writeNumber(u.windows[i] / 1_000_000L);
        g.writeEndArray();

        List<FeatureSeries> features = new ArrayList<>(u.features.values());
        features.sort(RANK);

        // Drift per window: model_drift where the job wrote it, else counted from the feature points.
        double[] share = new double[w], drifted = new double[w], high = new double[w], scored = new double[w], alerted = new double[w];
        boolean anyAlertField = features.stream().anyMatch(f -> f.hasAlertField);
        for (int i = 0; i < w; i++) {
            int n = 0, d = 0, h = 0, a = 0;
            for (FeatureSeries f : features) {
                if (f.score[i] >= 0) {
                    n++;
                    if (f.score[i] >= 2) d++;
                    if (f.score[i] >= 4) h++;
                }
                if (f.alert[i] == 1) a++;
            }
            long t = u.windows[i];
            scored[i] = pick(u.drift.value(t, "features"), n);
            drifted[i] = pick(u.drift.value(t, "drifted"), d);
            high[i] = pick(u.drift.value(t, "high"), h);
            share[i] = pick(u.drift.value(t, "drift_share"), n == 0 ? Double.NaN : (double) d / n);
            alerted[i] = pick(u.drift.value(t, "alerted"), anyAlertField ? a : Double.NaN);
        }
        g.writeObjectFieldStart("drift");
        numbers(g, "share", share);
        numbers(g, "drifted", drifted);
        numbers(g, "high", high);
        numbers(g, "features", scored);
        numbers(g, "alerted", alerted);
        g.writeEndObject();

        g.writeObjectFieldStart("features");
        g.writeNumberField("n", features.size());
        g.writeArrayFieldStart("name");
        for (FeatureSeries f : features) g.writeString(f.name);
        g.writeEndArray();
        g.writeArrayFieldStart("kind");
        for (FeatureSeries f : features) g.writeString(f.kind);
        g.writeEndArray();
        ints(g, "stats", features, f -> f.windowsWithStats);
        g.writeArrayFieldStart("alerted");
        for (FeatureSeries f : features) {
            if (f.hasAlertField) g.writeNumber(f.alertedWindows); else g.writeNull();
        }
        g.writeEndArray();
        ints(g, "high", features, f -> f.highWindows);
        g.writeArrayFieldStart("maxScore");
        for (FeatureSeries f : features) {
            if (f.maxScore >= 0) g.writeNumber(f.maxScore); else g.writeNull();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("maxPsi");
        for (FeatureSeries f : features) number(g, f.maxPsi);
        g.writeEndArray();
        // Windows as indices into "windows": 1000 features x 13-digit times per model added up.
        g.writeArrayFieldStart("maxPsiAt");
        for (FeatureSeries f : features) {
            if (f.maxPsiAt >= 0) g.writeNumber(f.maxPsiAt); else g.writeNull();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("lastAt");
        for (FeatureSeries f : features) g.writeNumber(java.util.Arrays.binarySearch(u.windows, 0, w, f.lastNanos));
        g.writeEndArray();
        for (int k = 0; k < FeatureSeries.LAST.length; k++) {
            g.writeArrayFieldStart(FeatureSeries.LAST[k]);
            for (FeatureSeries f : features) number(g, f.last[k]);
            g.writeEndArray();
        }
        g.writeArrayFieldStart("level");
        for (FeatureSeries f : features) g.writeString(f.lastLevel);
        g.writeEndArray();
        g.writeArrayFieldStart("alertBy");
        for (FeatureSeries f : features) g.writeString(f.lastAlertBy);
        g.writeEndArray();
        g.writeEndObject();

        // Per-window series of the top features only: 30 x 168 floats per statistic, not 1000 x 168.
        int n = Math.min(top, features.size());
        g.writeObjectFieldStart("top");
        g.writeArrayFieldStart("feature");
        for (int i = 0; i < n; i++) g.writeNumber(i);
        g.writeEndArray();
        series(g, "psi", features, n, w, f -> f.psi);
        series(g, "ks_stat", features, n, w, f -> f.ks);
        series(g, "wasserstein", features, n, w, f -> f.wasserstein);
        series(g, "mean_shift", features, n, w, f -> f.meanShift);
        g.writeArrayFieldStart("score");
        for (int i = 0; i < n; i++) {
            g.writeStartArray();
            byte[] s = features.get(i).score;
            for (int j = 0; j < w; j++) {
                if (s[j] >= 0) g.writeNumber(s[j]); else g.writeNull();
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();

        writeTable(g, "serving", u.serving);
        writeTable(g, "performance", u.performance);
        g.writeEndObject();
    }

    private static double pick(double fromJob, double computed) {
        return Double.isNaN(fromJob) ? computed : fromJob;
    }

    private static void writeTable(JsonGenerator g, String name, SeriesTable t) throws IOException {
        g.writeFieldName(name);
        if (t.isEmpty()) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeArrayFieldStart("t");
        for (long ns : t.rows.keySet()) g.writeNumber(ns / 1_000_000L);
        g.writeEndArray();
        // Columns by name: the fields' order in a point is the writer's, InfluxDB answers them sorted.
        List<String> cols = t.columnNames();
        cols.sort(Comparator.naturalOrder());
        g.writeArrayFieldStart("columns");
        for (String col : cols) g.writeString(col);
        g.writeEndArray();
        g.writeArrayFieldStart("values");
        for (String col : cols) {
            int c = t.columns.get(col);
            g.writeStartArray();
            for (double[] row : t.rows.values()) number(g, c < row.length ? row[c] : Double.NaN);
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("strings");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(t.lastStrings).entrySet()) g.writeStringField(e.getKey(), e.getValue());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeSlo(JsonGenerator g, ReportCollector.SloSeries s) throws IOException {
        g.writeStartObject();
        g.writeStringField("slo", s.slo);
        g.writeStringField("window", s.window);
        g.writeArrayFieldStart("t");
        for (int i = 0; i < s.n; i++) g.writeNumber(s.t[i] / 1_000_000L);
        g.writeEndArray();
        g.writeArrayFieldStart("burn");
        for (int i = 0; i < s.n; i++) chartNumber(g, s.burn[i]);
        g.writeEndArray();
        g.writeArrayFieldStart("errorRatio");
        for (int i = 0; i < s.n; i++) chartNumber(g, s.errorRatio[i]);
        g.writeEndArray();
        g.writeObjectFieldStart("last");
        g.writeNumberField("t", s.lastNanos / 1_000_000L);
        g.writeFieldName("burn");
        number(g, s.lastBurn);
        g.writeFieldName("errorRatio");
        number(g, s.lastErrorRatio);
        g.writeFieldName("budget");
        number(g, s.lastBudget);
        g.writeFieldName("total");
        if (s.lastTotal >= 0) g.writeNumber(s.lastTotal); else g.writeNull();
        g.writeFieldName("bad");
        if (s.lastBad >= 0) g.writeNumber(s.lastBad); else g.writeNull();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeAlerts(JsonGenerator g, ReportCollector.AlertList list) throws IOException {
        List<Point> ps = new ArrayList<>(list.points);
        // A fixed order whatever order the points came in (files and InfluxDB differ): time, then the series.
        ps.sort(Comparator.comparingLong((Point p) -> p.timestampNanos).thenComparing(Point::seriesKey)
                .thenComparing(p -> String.valueOf(p.string("state"))));
        g.writeStartObject();
        g.writeArrayFieldStart("t");
        for (Point p : ps) g.writeNumber(p.timestampNanos / 1_000_000L);
        g.writeEndArray();
        strings(g, "rule", ps, p -> p.tag("rule"));
        strings(g, "severity", ps, p -> p.tag("severity"));
        strings(g, "state", ps, p -> p.string("state"));
        g.writeArrayFieldStart("value");
        for (Point p : ps) number(g, p.number("value"));
        g.writeEndArray();
        g.writeArrayFieldStart("threshold");
        for (Point p : ps) number(g, p.number("threshold"));
        g.writeEndArray();
        strings(g, "summary", ps, p -> p.string("summary"));
        strings(g, "description", ps, p -> p.string("description"));
        strings(g, "tags", ps, p -> {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : ReportCollector.otherTags(p).entrySet()) {
                if (sb.length() > 0) sb.append(", ");
                sb.append(e.getKey()).append('=').append(e.getValue());
            }
            return sb.toString();
        });
        g.writeEndObject();
    }

    private interface Floats {
        float[] of(FeatureSeries f);
    }

    private static void series(JsonGenerator g, String name, List<FeatureSeries> fs, int n, int w, Floats get) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < n; i++) {
            float[] a = get.of(fs.get(i));
            g.writeStartArray();
            for (int j = 0; j < w; j++) chartNumber(g, a[j]);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void ints(JsonGenerator g, String name, List<FeatureSeries> fs, java.util.function.ToIntFunction<FeatureSeries> get)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (FeatureSeries f : fs) g.writeNumber(get.applyAsInt(f));
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String name, List<Point> ps, java.util.function.Function<Point, String> get)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (Point p : ps) g.writeString(get.apply(p));
        g.writeEndArray();
    }

    private static void numbers(JsonGenerator g, String name, double[] v) throws IOException {
        g.writeArrayFieldStart(name);
        for (double d : v) number(g, d);
        g.writeEndArray();
    }

    /**
     * Six significant digits: the page shows three, and Java's shortest round-trip form of a double often takes 17
     * (0.023456789012345678), which made a 100-model page twice as large.
     */
    private static final java.math.MathContext SIX = new java.math.MathContext(6), FOUR = new java.math.MathContext(4);

    private static void number(JsonGenerator g, double v) throws IOException {
        if (!Double.isFinite(v)) {
            g.writeNull();
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(new java.math.BigDecimal(v).round(SIX).stripTrailingZeros());
        }
    }

    /** The per-window series only feed charts: four significant digits. */
    private static void chartNumber(JsonGenerator g, float v) throws IOException {
        if (Float.isNaN(v) || Float.isInfinite(v)) g.writeNull();
        else if (v == 0) g.writeNumber(0);
        else g.writeNumber(new java.math.BigDecimal(v).round(FOUR).stripTrailingZeros());
    }

    private static void writeLongOrNull(JsonGenerator g, String name, Long v) throws IOException {
        g.writeFieldName(name);
        if (v == null) g.writeNull(); else g.writeNumber(v);
    }

    /** JSON's own escapes plus {@code < > &} and the two line separators JavaScript once treated as newlines. */
    static final class HtmlSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table;

        HtmlSafeEscapes() {
            table = CharacterEscapes.standardAsciiEscapesForJSON();
            table['<'] = CharacterEscapes.ESCAPE_STANDARD;
            table['>'] = CharacterEscapes.ESCAPE_STANDARD;
            table['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028) return new SerializedString("\\u2028");
            if (ch == 0x2029) return new SerializedString("\\u2029");
            return null;
        }
    }
}
