package io.modelwatch.report;

import io.modelwatch.cli.Main;
import io.modelwatch.influx.LineProtocol;
import io.modelwatch.influx.Point;
import io.modelwatch.io.LogGenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Real line protocol for the report tests, made once per test JVM: the real jobs (generate, reference, backfill
 * with alert rules and SLOs) on two small models whose logs name a feature with markup, quotes and a newline; plus
 * hand-written model_performance points (contract 3e; no job writes them yet) and alerts with hostile text.
 */
final class ReportFixture {
    /** The hostile feature as it is in the prediction logs (a real newline). */
    static final String HOSTILE_FEATURE = "<script>alert(1)</script> \"quoted\" 'single'\nsecond line";
    static final String HOSTILE_DESCRIPTION = "burn </script><script>alert(2)</script> & \"quotes\"\nnext line";
    static final Instant FROM = Instant.parse("2026-11-25T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-25T06:00:00Z");

    final Path dir, drift, extra;
    /** Hand-written figures the page must show (the slo points and SLO burn alerts come from the backfill's --slos). */
    final List<Point> performance = new ArrayList<>(), alerts = new ArrayList<>();

    private static ReportFixture instance;

    static synchronized ReportFixture get() throws Exception {
        if (instance == null) instance = new ReportFixture(Files.createTempDirectory(Paths.get("target"), "report-fixture").toAbsolutePath());
        return instance;
    }

    private ReportFixture(Path dir) throws Exception {
        this.dir = dir;
        Path reference = dir.resolve("logs/reference"), current = dir.resolve("logs/current"), snapshots = dir.resolve("snapshots");
        LogGenerator.Config ref = new LogGenerator.Config();
        ref.models = List.of("fraud-scorer", "ranker");
        ref.numericFeatures = 6;
        ref.categoricalFeatures = 2;
        ref.eventsPerModel = 4_000;
        ref.from = Instant.parse("2026-11-24T00:00:00Z");
        ref.to = FROM;
        LogGenerator.generate(ref, reference, n -> { });
        LogGenerator.Config cur = new LogGenerator.Config();
        cur.models = ref.models;
        cur.numericFeatures = 6;
        cur.categoricalFeatures = 2;
        cur.eventsPerModel = 3_000;
        cur.from = FROM;
        cur.to = TO;
        cur.driftFeatures = Set.of("num_000", "num_001");
        cur.driftShift = 1.0;
        cur.driftFrom = Instant.parse("2026-11-25T02:00:00Z");
        cur.seed = 11;
        LogGenerator.generate(cur, current, n -> { });
        // num_001 becomes the hostile name in every log line (as a JSON key, so the jobs read it as that name).
        String key = "\"" + HOSTILE_FEATURE.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\":";
        for (Path logs : List.of(reference, current)) {
            try (var files = Files.list(logs)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    Files.writeString(f, text.replace("\"num_001\":", key), StandardCharsets.UTF_8);
                }
            }
        }
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, String.join("\n",
                "groups:",
                "  - name: report-test",
                "    rules:",
                "      - alert: DataDriftDetected",
                "        expr: feature_drift.drift_score > 4",
                "        for: 15m",
                "        labels: {severity: P3}",
                "        annotations:",
                "          summary: \"Drift on {{ $labels.feature }}\"",
                "          description: \"{{ $labels.model }}/{{ $labels.feature }}: drift score {{ $value }}\"",
                ""));
        Path slos = dir.resolve("slos.yaml");
        Files.writeString(slos, String.join("\n",
                "slos:",
                "  - name: availability",
                "    objective: 99.9",
                "    good: status in (ok, fallback)",
                "  - name: latency",
                "    objective: 99",
                "    good: latency_ms <= 500",
                ""));
        run("reference", "--input", reference.toString(), "--output", snapshots.toString());
        drift = dir.resolve("points/backfill.lp");
        run("backfill", "--input", current.toString(), "--reference", snapshots.toString(), "--from", FROM.toString(),
                "--to", TO.toString(), "--window", "1h", "--sink", "file:" + drift, "--rules", rules.toString(),
                "--slos", slos.toString());

        // Points other branches are building: per contract 3e (model_performance), 3f (slo) and section 4 (alerts).
        for (int h = 1; h <= 6; h++) {
            long t = FROM.plusSeconds(3600L * h).toEpochMilli();
            performance.add(Point.builder("model_performance").tag("model", "fraud-scorer").tag("window", "1h")
                    .intField("predictions", 500).intField("labelled", 400 + h).field("label_coverage", (400 + h) / 500.0)
                    .field("accuracy", 0.93 - 0.02 * h).field("auc", 0.961 - 0.013 * h).field("f1", 0.8125 - 0.01 * h)
                    .field("log_loss", 0.21 + 0.03 * h).field("ece", 0.0123 * h).timeMillis(t).build());
        }
        long fire = FROM.plusSeconds(4 * 3600).toEpochMilli(), resolve = FROM.plusSeconds(5 * 3600 + 60).toEpochMilli();
        alerts.add(Point.builder("alerts").tag("rule", "SLOBurnFast").tag("severity", "P0").tag("model", "fraud-scorer")
                .tag("slo", "by-hand").field("state", "firing").field("value", 21.7).field("threshold", 14.4)
                .field("summary", "fast burn \"availability\"").field("description", HOSTILE_DESCRIPTION).timeMillis(fire).build());
        alerts.add(Point.builder("alerts").tag("rule", "SLOBurnFast").tag("severity", "P0").tag("model", "fraud-scorer")
                .tag("slo", "by-hand").field("state", "resolved").field("value", 3.2).field("threshold", 14.4)
                .field("summary", "fast burn over").field("description", "resolved").timeMillis(resolve).build());
        alerts.add(Point.builder("alerts").tag("rule", "GPUMemoryHigh").tag("severity", "P2").tag("host", "gpu-01").tag("gpu", "0")
                .field("state", "firing").field("value", 93.5).field("threshold", 90.0).field("summary", "GPU memory above 90%")
                .timeMillis(fire).build());
        extra = dir.resolve("points/extra.lp");
        StringBuilder sb = new StringBuilder();
        for (List<Point> ps : List.of(performance, alerts)) {
            for (Point p : ps) sb.append(LineProtocol.format(p)).append('\n');
        }
        Files.writeString(extra, sb.toString(), StandardCharsets.UTF_8);
    }

    private static void run(String... args) {
        int status = Main.execute(args);
        if (status != 0) throw new IllegalStateException("modelwatch " + String.join(" ", args) + " exited with " + status);
    }

    /** The JSON in the page's data block, as the browser's JSON.parse would read it. */
    static String dataBlock(Path html) throws IOException {
        String page = Files.readString(html, StandardCharsets.UTF_8);
        String open = "<script type=\"application/json\" id=\"report-data\">";
        int a = page.indexOf(open), b = page.indexOf("</script>", a);
        if (a < 0 || b < 0) throw new AssertionError("no data block in " + html);
        return page.substring(a + open.length(), b);
    }
}
