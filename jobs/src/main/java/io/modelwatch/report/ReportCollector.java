package io.modelwatch.report;

import io.modelwatch.influx.Point;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Folds points, one at a time and in any order, into what the page shows, so a report of 100 models x 1000
 * features x 168 windows holds a few floats per feature and window instead of 16.8 million points.
 *
 * <p>A unit of the report is a model, its segment (if any) and its window length: the drift, serving and
 * performance figures of one unit share one time axis. SLO points and alerts belong to the model. Measurements
 * the page does not show (host, gpu, pipeline, ...) are counted and left out.
 */
final class ReportCollector implements Consumer<Point> {
    private final String model;
    private final long fromNanos, toNanos;
    final LinkedHashMap<String, Unit> units = new LinkedHashMap<>();
    final LinkedHashMap<String, ModelExtras> models = new LinkedHashMap<>();
    /** Alerts without a model tag (host, gpu): shown on their own. */
    final AlertList systemAlerts = new AlertList();
    long used, ignored;

    /** Only points of {@code model} (null: all) with {@code from <= time < to} (nanoseconds). */
    ReportCollector(String model, long fromNanos, long toNanos) {
        this.model = model;
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
    }

    @Override
    public void accept(Point p) {
        if (p.timestampNanos < fromNanos || p.timestampNanos >= toNanos) {
            ignored++;
            return;
        }
        String m = p.tag("model");
        if (model != null && !model.equals(m)) {
            ignored++;
            return;
        }
        switch (p.measurement) {
            case "feature_drift": {
                String feature = p.tag("feature");
                if (m == null || feature == null) break;
                unit(p, m).feature(p, feature);
                used++;
                return;
            }
            case "model_drift":
            case "model_serving":
            case "model_performance": {
                if (m == null) break;
                Unit u = unit(p, m);
                u.index(p.timestampNanos);
                (p.measurement.equals("model_drift") ? u.drift
                        : p.measurement.equals("model_serving") ? u.serving : u.performance).add(p);
                used++;
                return;
            }
            case "slo": {
                if (m == null || p.tag("slo") == null) break;
                extras(m).slo(p);
                used++;
                return;
            }
            case "alerts": {
                (m == null ? systemAlerts : extras(m).alerts).add(p);
                used++;
                return;
            }
            default:
        }
        ignored++;
    }

    private Unit lastUnit;

    private Unit unit(Point p, String m) {
        String segment = p.tag("segment"), window = p.tag("window");
        // Points come model by model and window by window: the previous point's unit is nearly always this one.
        Unit last = lastUnit;
        if (last != null && last.model.equals(m) && java.util.Objects.equals(last.segment, segment)
                && java.util.Objects.equals(last.window, window)) {
            return last;
        }
        String key = m + '\u0000' + (segment == null ? "" : segment) + '\u0000' + (window == null ? "" : window);
        Unit u = units.get(key);
        if (u == null) {
            u = new Unit(m, segment, window);
            units.put(key, u);
            extras(m);
        }
        lastUnit = u;
        return u;
    }

    ModelExtras extras(String m) {
        return models.computeIfAbsent(m, k -> new ModelExtras());
    }

    /** Puts every unit's windows in time order and computes the per-feature figures; call once, at the end. */
    void finish() {
        // A model seen only in slo or alerts points still gets its page (with no windows).
        java.util.Set<String> withUnit = new java.util.HashSet<>();
        for (Unit u : units.values()) withUnit.add(u.model);
        for (String m : models.keySet()) {
            if (!withUnit.contains(m)) units.put(m + '\u0000' + '\u0000', new Unit(m, null, null));
        }
        for (Unit u : units.values()) u.finish();
        for (ModelExtras e : models.values()) {
            for (SloSeries s : e.slos.values()) s.finish();
        }
    }

    /** One model (and segment, and window length): its windows, features, drift, serving and performance. */
    static final class Unit {
        final String model, segment, window;
        private final HashMap<Long, Integer> windowIndex = new HashMap<>();
        long[] windows = new long[16];
        int windowCount;
        final LinkedHashMap<String, FeatureSeries> features = new LinkedHashMap<>();
        final SeriesTable drift = new SeriesTable(), serving = new SeriesTable(), performance = new SeriesTable();

        Unit(String model, String segment, String window) {
            this.model = model;
            this.segment = segment;
            this.window = window;
        }

        int index(long nanos) {
            Integer i = windowIndex.get(nanos);
            if (i != null) return i;
            if (windowCount == windows.length) windows = Arrays.copyOf(windows, windowCount * 2);
            windows[windowCount] = nanos;
            windowIndex.put(nanos, windowCount);
            return windowCount++;
        }

        void feature(Point p, String name) {
            int w = index(p.timestampNanos);
            FeatureSeries f = features.get(name);
            if (f == null) {
                f = new FeatureSeries(name);
                features.put(name, f);
            }
            if (p.tag("kind") != null) f.kind = p.tag("kind");
            f.ensure(w + 1);
            f.psi[w] = (float) p.number("psi");
            f.ks[w] = (float) p.number("ks_stat");
            f.wasserstein[w] = (float) p.number("wasserstein");
            f.meanShift[w] = (float) p.number("mean_shift");
            f.mean[w] = (float) p.number("mean");
            double score = p.number("drift_score");
            f.score[w] = Double.isNaN(score) ? -1 : (byte) Math.max(0, Math.min(100, score));
            if (p.hasField("drift_alert")) f.alert[w] = (byte) (p.number("drift_alert") != 0 ? 1 : 0);
            if (p.timestampNanos >= f.lastNanos) {
                f.lastNanos = p.timestampNanos;
                for (int i = 0; i < FeatureSeries.LAST.length; i++) f.last[i] = p.number(FeatureSeries.LAST[i]);
                f.lastLevel = p.string("drift_level");
                f.lastAlertBy = p.string("drift_alert_by");
            }
        }

        void finish() {
            Integer[] order = new Integer[windowCount];
            for (int i = 0; i < windowCount; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Long.compare(windows[a], windows[b]));
            int[] o = new int[windowCount];
            long[] sorted = new long[windowCount];
            for (int j = 0; j < windowCount; j++) {
                o[j] = order[j];
                sorted[j] = windows[order[j]];
            }
            windows = sorted;
            windowIndex.clear();
            for (FeatureSeries f : features.values()) {
                f.reorder(o);
                f.summarise(windowCount);
            }
        }

        String label() {
            StringBuilder sb = new StringBuilder(model);
            if (segment != null) sb.append(" [segment ").append(segment).append(']');
            if (window != null) sb.append(" (").append(window).append(" windows)");
            return sb.toString();
        }
    }

    /** What belongs to a model whatever its segment or window: SLO series and alerts. */
    static final class ModelExtras {
        final TreeMap<String, SloSeries> slos = new TreeMap<>();
        final AlertList alerts = new AlertList();

        void slo(Point p) {
            String window = p.tag("window") == null ? "" : p.tag("window");
            slos.computeIfAbsent(p.tag("slo") + '\u0000' + window, k -> new SloSeries(p.tag("slo"), window)).add(p);
        }
    }

    /**
     * One SLO of a model at one burn window. A step every minute makes 10,080 points a week: kept as parallel
     * arrays, then sorted and thinned to at most {@link #MAX_POINTS} (the highest burn rate of each bucket, so
     * a short burst stays visible).
     */
    static final class SloSeries {
        static final int MAX_POINTS = 600;
        final String slo, window;
        long[] t = new long[16];
        float[] burn = new float[16], errorRatio = new float[16];
        int n;
        double lastBudget = Double.NaN, lastBurn = Double.NaN, lastErrorRatio = Double.NaN;
        long lastNanos = Long.MIN_VALUE, lastTotal = -1, lastBad = -1;

        SloSeries(String slo, String window) {
            this.slo = slo;
            this.window = window;
        }

        void add(Point p) {
            if (n == t.length) {
                t = Arrays.copyOf(t, n * 2);
                burn = Arrays.copyOf(burn, n * 2);
                errorRatio = Arrays.copyOf(errorRatio, n * 2);
            }
            t[n] = p.timestampNanos;
            burn[n] = (float) p.number("burn_rate");
            errorRatio[n] = (float) p.number("error_ratio");
            n++;
            if (p.timestampNanos >= lastNanos) {
                lastNanos = p.timestampNanos;
                lastBurn = p.number("burn_rate");
                lastErrorRatio = p.number("error_ratio");
                lastBudget = p.number("budget_remaining");
                lastTotal = p.hasField("total") ? (long) p.number("total") : -1;
                lastBad = p.hasField("bad") ? (long) p.number("bad") : -1;
            }
        }

        void finish() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b]));
            // Same time twice (a rerun): the later one wins, as in InfluxDB.
            List<Integer> kept = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                if (!kept.isEmpty() && t[kept.get(kept.size() - 1)] == t[order[j]]) kept.set(kept.size() - 1, order[j]);
                else kept.add(order[j]);
            }
            int buckets = Math.min(kept.size(), MAX_POINTS);
            long[] t2 = new long[buckets];
            float[] b2 = new float[buckets], e2 = new float[buckets];
            for (int k = 0; k < buckets; k++) {
                int from = (int) ((long) k * kept.size() / buckets), to = (int) ((long) (k + 1) * kept.size() / buckets);
                int best = kept.get(from);
                for (int j = from; j < to; j++) {
                    int i = kept.get(j);
                    if (burn[i] > burn[best] || Float.isNaN(burn[best])) best = i;
                }
                t2[k] = t[kept.get(to - 1)];
                b2[k] = burn[best];
                e2[k] = errorRatio[best];
            }
            t = t2;
            burn = b2;
            errorRatio = e2;
            n = buckets;
        }
    }

    /** Alert transitions, in arrival order; sorted by the page. */
    static final class AlertList {
        final List<Point> points = new ArrayList<>();

        void add(Point p) {
            points.add(p);
        }
    }

    static Map<String, String> otherTags(Point p) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < p.tagKeys.length; i++) {
            String k = p.tagKeys[i];
            if (!k.equals("rule") && !k.equals("severity") && !k.equals("model")) tags.put(k, p.tagValues[i]);
        }
        return tags;
    }
}
