package io.modelwatch.bench;

import io.modelwatch.backfill.BackfillConfig;
import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.io.InputFiles;
import io.modelwatch.io.LogGenerator;
import io.modelwatch.performance.LabelConfig;
import io.modelwatch.performance.PerformanceSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The label join benchmark of issue 13: E predictions of F features with their labels (label rate 0.9), and
 * the backfill with and without {@code --labels} on the same logs, at E/4 and E events; the join and
 * performance cost is the difference, per million predictions, set beside the parse floor of the same files
 * (predictions and labels, Jackson streaming, nothing kept).
 */
public final class PerformanceBench {
    private PerformanceBench() {}

    static final class Result {
        long events;
        double floorSeconds, plainSeconds, labelledSeconds;
    }

    public static void run(Path workdir, int features, long events, int files, int parallelism, PrintStream out)
            throws Exception {
        out.printf("bench performance: %d numeric features, %,d predictions (and %,d) with labels, %d files, parallelism %d, %d cores%n",
                features, events, events / 4, files, parallelism, Runtime.getRuntime().availableProcessors());
        out.println("warm-up run (not reported):");
        size(workdir.resolve("small"), features, events / 4, files, parallelism, out);
        Result small = size(workdir.resolve("small"), features, events / 4, files, parallelism, out);
        Result large = size(workdir.resolve("large"), features, events, files, parallelism, out);
        out.println();
        out.println("| figure | " + small.events + " predictions | " + large.events + " predictions | marginal (large - small) |");
        out.println("|---|---|---|---|");
        row(out, "parse floor, predictions + labels (s)", small.floorSeconds, large.floorSeconds);
        row(out, "backfill without --labels (s)", small.plainSeconds, large.plainSeconds);
        row(out, "backfill with --labels (s)", small.labelledSeconds, large.labelledSeconds);
        double joinSmall = small.labelledSeconds - small.plainSeconds, joinLarge = large.labelledSeconds - large.plainSeconds;
        row(out, "join + performance (s)", joinSmall, joinLarge);
        out.printf("| join + performance, s per million predictions | %.2f | %.2f | %.2f |%n", joinSmall * 1e6 / small.events,
                joinLarge * 1e6 / large.events, (joinLarge - joinSmall) * 1e6 / (large.events - small.events));
        out.printf("| parse floor, s per million predictions | %.2f | %.2f | %.2f |%n", small.floorSeconds * 1e6 / small.events,
                large.floorSeconds * 1e6 / large.events,
                (large.floorSeconds - small.floorSeconds) * 1e6 / (large.events - small.events));
    }

    private static void row(PrintStream out, String name, double a, double b) {
        out.printf("| %s | %.2f | %.2f | %.2f |%n", name, a, b, b - a);
    }

    static Result size(Path dir, int features, long events, int files, int parallelism, PrintStream out) throws Exception {
        Result r = new Result();
        r.events = events;
        BenchLogs logs = new BenchLogs(dir);
        Path labels = dir.resolve("labels");
        LogGenerator.Config cur = BenchLogs.current(features, events, files);
        cur.driftFeatures = java.util.Set.of(); // the label join is measured, not drift
        cur.labelsDir = labels;
        if (logs.generate(BenchLogs.reference(features, Math.min(events, 20_000), 1), cur)) {
            logs.referenceJob(parallelism);
        }
        List<Path> curFiles = logs.currentFiles(), labelFiles = InputFiles.expand(labels.toString());
        List<Path> both = new ArrayList<>(curFiles);
        both.addAll(labelFiles);
        r.floorSeconds = BenchLogs.warmParseSeconds(both, parallelism);

        BackfillConfig plain = logs.backfill(parallelism).build();
        long t0 = System.nanoTime();
        BackfillJob.run(plain);
        r.plainSeconds = (System.nanoTime() - t0) / 1e9;
        BackfillConfig labelled = plain.toBuilder().labels(new LabelConfig(labelFiles, LabelConfig.DEFAULT_DELAY_MS,
                new PerformanceSettings(PerformanceSettings.DEFAULT_THRESHOLD, 30, Map.of()))).build();
        t0 = System.nanoTime();
        BackfillJob.run(labelled);
        r.labelledSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf("  %,d predictions: parse floor %.2f s, backfill %.2f s, with --labels %.2f s%n", events,
                r.floorSeconds, r.plainSeconds, r.labelledSeconds);
        return r;
    }
}
