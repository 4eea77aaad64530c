package io.modelwatch.bench;

import io.modelwatch.backfill.BackfillConfig;
import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.influx.SinkSpec;
import io.modelwatch.io.InputFiles;
import io.modelwatch.io.LogGenerator;
import io.modelwatch.performance.LabelConfig;
import io.modelwatch.performance.PerformanceSettings;
import io.modelwatch.reference.ReferenceConfig;
import io.modelwatch.reference.ReferenceJob;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
        Path refDir = dir.resolve("reference"), curDir = dir.resolve("current"), labels = dir.resolve("labels");
        Path snap = dir.resolve("snapshots");
        Instant day = Instant.parse("2026-11-24T00:00:00Z"), next = Instant.parse("2026-11-25T00:00:00Z");
        if (!Files.isDirectory(curDir)) {
            LogGenerator.Config ref = new LogGenerator.Config();
            ref.numericFeatures = features;
            ref.categoricalFeatures = 0;
            ref.eventsPerModel = Math.min(events, 20_000);
            ref.from = day;
            ref.to = next;
            LogGenerator.generate(ref, refDir, n -> { });
            LogGenerator.Config cur = new LogGenerator.Config();
            cur.numericFeatures = features;
            cur.categoricalFeatures = 0;
            cur.eventsPerModel = events;
            cur.from = next;
            cur.to = next.plusSeconds(86_400);
            cur.files = files;
            cur.seed = 7;
            cur.labelsDir = labels;
            LogGenerator.generate(cur, curDir, n -> { });
            ReferenceJob.run(ReferenceConfig.builder().inputs(InputFiles.expand(refDir.toString())).output(snap)
                    .parallelism(parallelism).deadLetter(dir.resolve("reference-dead-letter.jsonl")).build());
        }
        List<Path> curFiles = InputFiles.expand(curDir.toString()), labelFiles = InputFiles.expand(labels.toString());
        List<Path> both = new ArrayList<>(curFiles);
        both.addAll(labelFiles);
        ParseFloor.parse(both, Math.max(1, parallelism));
        long t0 = System.nanoTime();
        ParseFloor.parse(both, Math.max(1, parallelism));
        r.floorSeconds = (System.nanoTime() - t0) / 1e9;

        SinkSpec sink = SinkSpec.parse("file:" + dir.resolve("backfill.lp"));
        BackfillConfig plain = BackfillConfig.builder().inputs(curFiles).referenceDir(snap.toString())
                .fromMillis(next.toEpochMilli()).toMillis(next.plusSeconds(86_400).toEpochMilli())
                .windowMillis(3_600_000L).parallelism(parallelism).shards(4 * parallelism)
                .sink(sink).deadLetter(dir.resolve("backfill-dead-letter.jsonl")).build();
        t0 = System.nanoTime();
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
