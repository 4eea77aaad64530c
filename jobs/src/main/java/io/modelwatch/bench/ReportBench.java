package io.modelwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelwatch.influx.Point;
import io.modelwatch.report.HtmlReport;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * {@code bench report}: the page for M models x F features x W hourly windows (default 100 x 1000 x 168, a week),
 * with model_drift, model_serving, model_performance, slo (7 burn windows, two SLOs, hourly) and a few alerts per
 * model: the time to build it on the JVM, its size, and in headless Chromium the time until it is ready (data
 * parsed, first model's DOM and charts drawn, two frames painted), the DOM size, the JS heap, and the time to
 * switch to another model and to filter its feature table. Points are made in memory (16.8 million line
 * protocol lines would be ~6 GB on disk); one reused Point per measurement, as nothing but alerts is kept.
 */
public final class ReportBench {
    private static final Instant START = Instant.parse("2026-11-18T00:00:00Z");
    private static final String[] SLO_WINDOWS = {"5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"};

    private ReportBench() {}

    public static void run(Path workdir, int models, int features, int windows, int top, PrintStream out) throws Exception {
        out.printf("machine: %d cores, load average %.1f (other sessions share it: figures are wall time on a busy machine)%n",
                Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // The baseline in the same run: one model of the same shape, so the ratio says what the 99 others cost.
        if (models > 1) page(workdir, 1, features, windows, top, out);
        page(workdir, models, features, windows, top, out);
    }

    private static void page(Path workdir, int models, int features, int windows, int top, PrintStream out) throws Exception {
        Files.createDirectories(workdir);
        Path html = workdir.resolve("report-" + models + "x" + features + "x" + windows + ".html");
        long pointsTotal = (long) models * windows * (features + 3 + 2 * SLO_WINDOWS.length);
        out.printf("bench report: %d models x %d features x %d windows (%,d points) -> %s%n", models, features, windows, pointsTotal, html);
        HtmlReport.Options o = new HtmlReport.Options();
        o.top = top;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        HtmlReport.Result r = HtmlReport.fromPoints(new Points(models, features, windows), o, html, "bench report (synthetic points)");
        double buildS = (System.nanoTime() - t0) / 1e9, cpuS = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        Runtime rt = Runtime.getRuntime();
        out.printf("  JVM: built in %.1f s wall, %.1f s CPU of its thread (%,.0f points per CPU second), file %,d bytes (%.1f MB), "
                        + "heap used after %,d MB%n", buildS, cpuS, pointsTotal / cpuS, r.bytes, r.bytes / 1e6, (rt.totalMemory() - rt.freeMemory()) >> 20);

        try (HeadlessChromium browser = HeadlessChromium.start(workdir.resolve("chromium"), 1400, 1000)) {
            for (int run = 1; run <= 2; run++) {
                browser.open(java.net.URI.create("about:blank"), "true", Duration.ofSeconds(30));
                java.util.Map<String, Double> before = browser.metrics();
                double openMs = browser.open(html.toUri(), "document.body && document.body.dataset.ready === 'true'", Duration.ofMinutes(5));
                JsonNode m = browser.evaluate("({start: modelwatchReport.scriptStartMs, parse: modelwatchReport.parseMs, first: modelwatchReport.firstRenderMs, "
                        + "ready: modelwatchReport.readyMs, nodes: modelwatchReport.domNodes, "
                        + "heap: performance.memory ? performance.memory.usedJSHeapSize : -1})");
                java.util.Map<String, Double> after = browser.metrics();
                double switchMs = browser.evaluate("modelwatchReport.show(" + Math.min(1, models - 1) + ")").asDouble();
                double filterMs = browser.evaluate("(function(){var i=document.querySelector('#top-features input');"
                        + "var t=performance.now(); i.value='num_01'; i.dispatchEvent(new Event('input')); return performance.now()-t;})()").asDouble();
                int rows = browser.evaluate("document.querySelectorAll('#features tbody tr').length").asInt();
                out.printf("  chromium run %d: ready %.0f ms after navigation (page's own clock: HTML parsed and ECharts loaded at %.0f ms, "
                                + "JSON.parse %.0f ms, first model's DOM + charts %.0f ms, ready at %.0f ms); %d DOM elements; JS heap %,d MB; switch model %.0f ms; filter features %.0f ms (%d rows shown)%n",
                        run, openMs, m.path("start").asDouble(), m.path("parse").asDouble(), m.path("first").asDouble(), m.path("ready").asDouble(), m.path("nodes").asInt(),
                        m.path("heap").asLong() >> 20, switchMs, filterMs, rows);
                out.printf("    main thread until ready (Chromium's counters): busy %.1f s, JavaScript %.1f s, layout %.1f s, style %.1f s%n",
                        delta(before, after, "TaskDuration"), delta(before, after, "ScriptDuration"),
                        delta(before, after, "LayoutDuration"), delta(before, after, "RecalcStyleDuration"));
            }
            browser.screenshot(workdir.resolve("report-bench-" + models + "-top.png"), 0, 2000);
            browser.screenshot(workdir.resolve("report-bench-" + models + "-bottom.png"), 2000, 4000);
            if (!browser.problems().isEmpty()) out.printf("  browser problems: %s%n", browser.problems());
        }
    }

    private static double delta(java.util.Map<String, Double> before, java.util.Map<String, Double> after, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    /** Synthetic points, model by model and window by window; feature k drifts from the middle of the week when k % 50 == 0. */
    private static final class Points implements Iterator<Point> {
        private final int models, features, windows;
        private final SplittableRandom random = new SplittableRandom(42);
        private int model, window, item;
        private final int perWindow;
        private final Point drift = template("feature_drift", new String[] {"feature", "kind", "model", "window"},
                new String[] {"count", "missing", "missing_rate", "psi", "ks_stat", "ks_qvalue", "wasserstein", "mean_shift", "std_shift",
                        "mean", "std", "drift_score", "drift_alert", "drift_level"},
                new byte[] {Point.INTEGER, Point.INTEGER, Point.FLOAT, Point.FLOAT, Point.FLOAT, Point.FLOAT, Point.FLOAT, Point.FLOAT,
                        Point.FLOAT, Point.FLOAT, Point.FLOAT, Point.INTEGER, Point.BOOLEAN, Point.STRING});
        private final Point slo = template("slo", new String[] {"model", "slo", "window"},
                new String[] {"total", "bad", "error_ratio", "burn_rate", "budget_remaining"},
                new byte[] {Point.INTEGER, Point.INTEGER, Point.FLOAT, Point.FLOAT, Point.FLOAT});

        private final String[] modelNames, featureNames;

        Points(int models, int features, int windows) {
            modelNames = new String[models];
            for (int i = 0; i < models; i++) modelNames[i] = String.format("model-%03d", i);
            featureNames = new String[features];
            for (int i = 0; i < features; i++) featureNames[i] = String.format("num_%04d", i);
            this.models = models;
            this.features = features;
            this.windows = windows;
            this.perWindow = features + 3 + 2 * SLO_WINDOWS.length;
        }

        @Override
        public boolean hasNext() {
            return model < models || pendingAlert != null;
        }

        @Override
        public Point next() {
            if (!hasNext()) throw new NoSuchElementException();
            if (pendingAlert != null) {
                Point a = pendingAlert;
                pendingAlert = null;
                return a;
            }
            int w = window;
            String m = modelNames[model];
            long t = START.plusSeconds(3600L * (window + 1)).toEpochMilli() * 1_000_000L;
            boolean late = window >= windows / 2;
            Point p;
            int i = item;
            if (i < features) {
                boolean drifting = late && i % 50 == 0;
                double psi = drifting ? 0.3 + random.nextDouble() : random.nextDouble() * 0.05;
                double ks = drifting ? 0.2 + random.nextDouble() * 0.2 : random.nextDouble() * 0.04;
                int score = drifting ? 6 : psi > 0.1 ? 1 : 0;
                p = drift;
                p.tagValues[0] = featureNames[i];
                p.tagValues[1] = "numeric";
                p.tagValues[2] = m;
                p.tagValues[3] = "1h";
                set(p, 0, 1000 + random.nextInt(100));
                set(p, 1, random.nextInt(10));
                set(p, 2, random.nextDouble() * 0.01);
                set(p, 3, psi);
                set(p, 4, ks);
                set(p, 5, drifting ? 1e-12 : random.nextDouble());
                set(p, 6, ks * 1.3);
                set(p, 7, drifting ? 0.8 : random.nextDouble() * 0.1);
                set(p, 8, random.nextDouble() * 0.1);
                set(p, 9, random.nextGaussian());
                set(p, 10, 1 + random.nextDouble() * 0.1);
                p.fieldBits[11] = score;
                p.fieldBits[12] = drifting ? 1 : 0;
                p.fieldStrings[13] = score >= 4 ? "high" : score >= 2 ? "medium" : "low";
                p.timestampNanos = t;
            } else if (i == features) {
                int drifted = late ? features / 50 : 0;
                p = Point.builder("model_drift").tag("model", m).tag("window", "1h").intField("features", features)
                        .intField("drifted", drifted).intField("high", drifted).intField("medium", 0).intField("alerted", drifted)
                        .field("drift_share", (double) drifted / features).timeNanos(t).build();
            } else if (i == features + 1) {
                double p50 = 50 + random.nextDouble() * 5;
                p = Point.builder("model_serving").tag("model", m).tag("window", "1h").intField("count", 3600 + random.nextInt(100))
                        .field("qps", 1.0).field("error_rate", random.nextDouble() * 0.02).field("timeout_rate", random.nextDouble() * 0.005)
                        .field("fallback_rate", 0.001).field("latency_p50", p50).field("latency_p90", p50 * 2).field("latency_p95", p50 * 3)
                        .field("latency_p99", p50 * 4).field("latency_max", p50 * 8).field("confidence_mean", 0.7).timeNanos(t).build();
            } else if (i == features + 2) {
                Point.Builder b = Point.builder("model_performance").tag("model", m).tag("window", "1h").intField("predictions", 3600)
                        .intField("labelled", 3000).field("label_coverage", 3000 / 3600.0).field("accuracy", late ? 0.85 : 0.92)
                        .field("auc", late ? 0.88 : 0.95).field("f1", 0.8).timeNanos(t);
                p = b.build();
            } else {
                int k = i - features - 3;
                p = slo;
                p.tagValues[0] = m;
                p.tagValues[1] = k < SLO_WINDOWS.length ? "availability" : "latency";
                p.tagValues[2] = SLO_WINDOWS[k % SLO_WINDOWS.length];
                double ratio = random.nextDouble() * (late ? 0.02 : 0.001);
                p.fieldBits[0] = 3600;
                p.fieldBits[1] = Math.round(3600 * ratio);
                set(p, 2, ratio);
                set(p, 3, ratio / 0.001);
                set(p, 4, 1 - ratio * 100);
                p.timestampNanos = t;
            }
            if (++item == perWindow) {
                item = 0;
                if (++window == windows) {
                    window = 0;
                    model++;
                }
            }
            if (i == features + 1 && (w == windows / 2 || w == windows - 1)) {
                pendingAlert = Point.builder("alerts").tag("rule", "DataDriftDetected").tag("severity", "P3").tag("model", m)
                        .tag("feature", "num_0000").field("state", w == windows / 2 ? "firing" : "resolved").field("value", 6.0)
                        .field("threshold", 4.0).field("summary", "drift score above 4").timeNanos(t).build();
            }
            return p;
        }

        /** Alerts: one firing at the middle of the week and its resolution at the end, per model, after the serving point. */
        private Point pendingAlert;

        private static Point template(String measurement, String[] tags, String[] fields, byte[] kinds) {
            Point p = new Point();
            p.measurement = measurement;
            p.tagKeys = tags;
            p.tagValues = new String[tags.length];
            p.fieldKeys = fields;
            p.fieldKinds = kinds;
            p.fieldBits = new long[fields.length];
            p.fieldStrings = new String[fields.length];
            return p;
        }

        private static void set(Point p, int field, double v) {
            p.fieldBits[field] = Double.doubleToRawLongBits(v);
        }
    }
}
