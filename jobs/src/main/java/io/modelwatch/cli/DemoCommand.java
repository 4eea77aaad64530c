package io.modelwatch.cli;

import io.modelwatch.backfill.BackfillConfig;
import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.influx.Point;
import io.modelwatch.influx.PointSinks;
import io.modelwatch.influx.SinkSpec;
import io.modelwatch.io.InputFiles;
import io.modelwatch.io.LogGenerator;
import io.modelwatch.performance.LabelConfig;
import io.modelwatch.performance.PerformanceSettings;
import io.modelwatch.reference.ReferenceConfig;
import io.modelwatch.reference.ReferenceJob;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole path with no setup: generates a day of reference logs and six hours of logs that "
                + "drift from the fourth hour, with labels whose accuracy falls from the second hour (concept drift, no "
                + "input drift), builds the snapshot, runs the backfill on the embedded Flink, and prints the most "
                + "drifted features, the serving figures and the accuracy per window."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--output", defaultValue = "modelwatch-demo", description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--features", defaultValue = "30", description = "Numeric features (default: ${DEFAULT-VALUE}).")
    int features;

    static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");
    static final Instant CURRENT_FROM = Instant.parse("2026-11-25T00:00:00Z");
    static final Instant CURRENT_TO = Instant.parse("2026-11-25T06:00:00Z");
    static final Instant DRIFT_FROM = Instant.parse("2026-11-25T03:00:00Z");
    /** Labels stop agreeing with the models from here, two hours before any input drifts (concept drift). */
    static final Instant CONCEPT_DRIFT_FROM = Instant.parse("2026-11-25T01:00:00Z");

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        long started = System.nanoTime();
        Path reference = output.resolve("logs/reference"), current = output.resolve("logs/current");
        Path snapshots = output.resolve("snapshots"), points = output.resolve("points/backfill.lp");

        LogGenerator.Config ref = new LogGenerator.Config();
        ref.models = List.of("fraud-scorer", "ranker");
        ref.numericFeatures = features;
        ref.eventsPerModel = 24_000;
        ref.from = DAY;
        ref.to = CURRENT_FROM;
        ref.files = 2;
        LogGenerator.generate(ref, reference, n -> { });

        LogGenerator.Config cur = new LogGenerator.Config();
        cur.models = ref.models;
        cur.numericFeatures = features;
        cur.eventsPerModel = 6_000;
        cur.from = CURRENT_FROM;
        cur.to = CURRENT_TO;
        cur.driftFeatures = Set.of("num_000", "num_003", "num_007", "cat_00", "flag_01");
        cur.driftShift = 0.8;
        cur.driftFrom = DRIFT_FROM;
        cur.badLineRate = 0.002;
        cur.files = 2;
        cur.seed = 7;
        Path labels = output.resolve("logs/labels");
        cur.labelsDir = labels;
        cur.conceptDriftFrom = CONCEPT_DRIFT_FROM;
        LogGenerator.generate(cur, current, n -> { });
        out.printf("1/3 generated 2 models x %d features: a day of reference logs and 6 hours of current logs "
                + "(drift on num_000, num_003, num_007, cat_00, flag_01 from 03:00) with their labels "
                + "(concept drift from 01:00) under %s%n", features, output.resolve("logs"));

        List<String> written = ReferenceJob.run(ReferenceConfig.builder().inputs(InputFiles.expand(reference.toString()))
                .output(snapshots).deadLetter(snapshots.resolve("dead-letter.jsonl")).build());
        out.printf("2/3 built %d reference snapshots in %s%n", written.size(), snapshots);

        SinkSpec sink = SinkSpec.parse("file:" + points);
        BackfillConfig c = BackfillConfig.builder().inputs(InputFiles.expand(current.toString()))
                .referenceDir(snapshots.toString()).fromMillis(CURRENT_FROM.toEpochMilli())
                .toMillis(CURRENT_TO.toEpochMilli()).windowMillis(3_600_000L).shards(8)
                .sink(sink).deadLetter(sink.defaultDeadLetterFile())
                .labels(new LabelConfig(InputFiles.expand(labels.toString()), LabelConfig.DEFAULT_DELAY_MS,
                        new PerformanceSettings(PerformanceSettings.DEFAULT_THRESHOLD, 30, java.util.Map.of())))
                .build();
        StreamExecutionEnvironment env = BackfillJob.environment(0);
        io.modelwatch.io.JobOutputs o = BackfillJob.build(BackfillJob.fileSource(env, c.inputs()),
                BackfillJob.labelSource(env, c.labels().files), c);
        PointSinks.sinkTo(o.points, sink);
        PointSinks.deadLettersTo(o.deadLetters, c.deadLetter());
        List<Point> all = new ArrayList<>();
        try (CloseableIterator<Point> it = o.points.executeAndCollect("modelwatch demo backfill")) {
            it.forEachRemaining(all::add);
        }
        out.printf("3/3 ran the backfill (1h windows) on the embedded Flink: %d points%n%n", all.size());

        printDrift(out, all);
        printServing(out, all);
        printPerformance(out, all);
        Point pipeline = all.stream().filter(p -> p.measurement.equals("pipeline")).findFirst().orElseThrow();
        out.printf("%nrecords read %,d, bad records %,d (in %s)%n", (long) pipeline.number("records_in"),
                (long) pipeline.number("bad_records"), c.deadLetter());
        out.printf("line protocol: %s%n", points);
        Path report = output.resolve("report.html");
        io.modelwatch.report.HtmlReport.fromPoints(all.iterator(), new io.modelwatch.report.HtmlReport.Options(), report, points.toString());
        out.printf("report: %s (open it in a browser)%n", report);
        out.printf("done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private static void printDrift(PrintStream out, List<Point> all) {
        long last = all.stream().filter(p -> p.measurement.equals("feature_drift"))
                .mapToLong(p -> p.timestampNanos).max().orElse(0);
        List<Point> drift = new ArrayList<>();
        for (Point p : all) {
            if (p.measurement.equals("feature_drift") && p.timestampNanos == last && p.hasField("drift_score")) drift.add(p);
        }
        drift.sort(Comparator.comparingDouble((Point p) -> -p.number("drift_score")).thenComparingDouble(p -> -p.number("psi")));
        out.printf("Most drifted features, window ending %s:%n", Instant.ofEpochMilli(last / 1_000_000));
        out.printf("  %-14s %-12s %-6s %8s %9s %10s %11s  %s%n", "model", "feature", "kind", "psi", "ks_stat",
                "mean_shift", "wasserstein", "level");
        for (Point p : drift.subList(0, Math.min(10, drift.size()))) {
            out.printf("  %-14s %-12s %-6s %8.3f %9s %10s %11s  %s%n", p.tag("model"), p.tag("feature"),
                    p.tag("kind").substring(0, 3), p.number("psi"), fmt(p.number("ks_stat")),
                    fmt(p.number("mean_shift")), fmt(p.number("wasserstein")), p.string("drift_level"));
        }
    }

    private static void printServing(PrintStream out, List<Point> all) {
        out.printf("%nServing figures per window:%n");
        out.printf("  %-14s %-20s %6s %7s %8s %8s %8s %8s%n", "model", "window end", "count", "qps", "err_rate",
                "p50_ms", "p99_ms", "conf");
        all.stream().filter(p -> p.measurement.equals("model_serving"))
                .sorted(Comparator.comparing((Point p) -> p.tag("model")).thenComparingLong(p -> p.timestampNanos))
                .forEach(p -> out.printf("  %-14s %-20s %6d %7.3f %8.4f %8.1f %8.1f %8.3f%n", p.tag("model"),
                        Instant.ofEpochMilli(p.timestampNanos / 1_000_000), (long) p.number("count"), p.number("qps"),
                        p.number("error_rate"), p.number("latency_p50"), p.number("latency_p99"),
                        p.number("confidence_mean")));
    }

    /** Accuracy per window beside the worst drift score of its features: concept drift shows in the first only. */
    private static void printPerformance(PrintStream out, List<Point> all) {
        out.printf("%nModel performance per window (labels joined by request_id; concept drift from %s):%n",
                CONCEPT_DRIFT_FROM);
        out.printf("  %-14s %-20s %8s %8s %6s %6s  %s%n", "model", "window end", "labelled", "accuracy", "auc", "f1",
                "max drift_score");
        all.stream().filter(p -> p.measurement.equals("model_performance"))
                .sorted(Comparator.comparing((Point p) -> p.tag("model")).thenComparingLong(p -> p.timestampNanos))
                .forEach(p -> {
                    int maxScore = all.stream().filter(d -> d.measurement.equals("feature_drift")
                                    && d.timestampNanos == p.timestampNanos && p.tag("model").equals(d.tag("model"))
                                    && d.hasField("drift_score"))
                            .mapToInt(d -> (int) d.number("drift_score")).max().orElse(0);
                    out.printf("  %-14s %-20s %8d %8.3f %6s %6s  %d%n", p.tag("model"),
                            Instant.ofEpochMilli(p.timestampNanos / 1_000_000), (long) p.number("labelled"),
                            p.number("accuracy"), fmt(p.number("auc")), fmt(p.number("f1")), maxScore);
                });
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3f", v);
    }
}
