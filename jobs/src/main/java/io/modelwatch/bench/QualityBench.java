package io.modelwatch.bench;

import io.modelwatch.backfill.BackfillConfig;
import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.drift.DriftPartial;
import io.modelwatch.io.PredictionParser;
import io.modelwatch.io.PredictionRecord;
import io.modelwatch.quality.InputChecker;
import io.modelwatch.quality.QualityConfig;
import io.modelwatch.quality.QualityCounts;
import io.modelwatch.quality.QualitySettings;
import io.modelwatch.reference.Snapshot;
import io.modelwatch.reference.SnapshotFiles;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the input checks of issue 16 cost, as an A/B in one JVM on the same lines, the two sides interleaved
 * (A B A B ...) so that a machine whose load changes during the run weighs on both alike:
 * <ol>
 *   <li>the hot path on one thread without Flink: parse + drift update (A) against parse + drift update + the
 *   checks (B), per record exactly what the pre-aggregation does;</li>
 *   <li>the whole backfill job (MiniCluster, --parallelism) with the checks off (A) and on (B).</li>
 * </ol>
 * Reported: each pair's B / A and the median over the pairs (hot path: {@code rounds} pairs; the job, slower:
 * half as many). Only ratios: the times depend on the machine.
 */
public final class QualityBench {
    private QualityBench() {}

    public static void run(Path workdir, int features, long events, int files, int parallelism, int rounds,
                           PrintStream out) throws Exception {
        out.printf("bench quality: %d numeric features, %,d events, %d files, parallelism %d, %d cores, %d rounds%n",
                features, events, files, parallelism, Runtime.getRuntime().availableProcessors(), rounds);
        Path dir = workdir.resolve("quality-" + features + "x" + events);
        BenchLogs logs = new BenchLogs(dir);
        logs.generate(BenchLogs.reference(features, events, files), BenchLogs.current(features, events, files));
        logs.ensureSnapshots(parallelism);
        List<Path> curFiles = logs.currentFiles();

        Map<String, Snapshot> snapshots = SnapshotFiles.readAll(logs.snapshots);
        List<byte[]> lines = new ArrayList<>();
        for (Path f : curFiles) {
            for (String s : Files.readAllLines(f, StandardCharsets.UTF_8)) lines.add(s.getBytes(StandardCharsets.UTF_8));
        }
        out.printf("hot path, one thread, %,d lines (first pair warms up, not counted):%n", lines.size());
        double[] hot = new double[rounds];
        long anomalous = 0;
        for (int round = -1; round < rounds; round++) {
            double a = hotPath(lines, snapshots, false, null);
            long[] flagged = new long[1];
            double b = hotPath(lines, snapshots, true, flagged);
            anomalous = flagged[0];
            if (round >= 0) {
                hot[round] = b / a;
                out.printf("  pair %d: drift %.3f s, drift + checks %.3f s: %.3fx%n", round, a, b, b / a);
            }
        }
        out.printf("  (%,d of %,d records anomalous)%n", anomalous, lines.size());

        out.println("whole backfill job, checks off (A) and on (B), first pair warms up:");
        int jobRounds = Math.max(1, rounds / 2);
        double[] job = new double[jobRounds];
        for (int round = -1; round < jobRounds; round++) {
            double a = backfill(logs, parallelism, QualityConfig.OFF);
            double b = backfill(logs, parallelism, null);
            if (round >= 0) {
                job[round] = b / a;
                out.printf("  pair %d: off %.2f s, on %.2f s: %.3fx%n", round, a, b, b / a);
            }
        }
        out.printf("%n| figure (B / A) | median | pairs |%n|---|---|---|%n");
        out.printf("| hot path: parse + drift + checks / parse + drift | %.3fx | %d |%n", median(hot), rounds);
        out.printf("| backfill job: checks on / off | %.3fx | %d |%n", median(job), jobRounds);
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        out.printf("load average at the end: %.2f on %d cores%n", os.getSystemLoadAverage(), os.getAvailableProcessors());
    }

    private static double hotPath(List<byte[]> lines, Map<String, Snapshot> snapshots, boolean checks, long[] flagged) {
        long t0 = System.nanoTime();
        PredictionParser parser = new PredictionParser();
        Map<Long, DriftPartial> windows = new HashMap<>();
        Map<String, InputChecker> checkers = new HashMap<>();
        QualityCounts counts = new QualityCounts("bench", 0, 0, 0);
        long[] outOfRange = null;
        for (byte[] l : lines) {
            if (parser.parse(l) != null) continue;
            PredictionRecord r = parser.record();
            Snapshot s = snapshots.get(r.model);
            long start = Math.floorDiv(r.tsMillis, 3_600_000L) * 3_600_000L;
            windows.computeIfAbsent(start, x -> DriftPartial.forWindow(s, x, x + 3_600_000L, false)).update(r);
            if (checks) {
                InputChecker c = checkers.computeIfAbsent(r.model, m -> new InputChecker(s, QualitySettings.defaults()));
                if (outOfRange == null) outOfRange = new long[s.numeric().size()];
                c.check(r, counts, outOfRange);
            }
        }
        if (flagged != null) flagged[0] = counts.anomalous;
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double backfill(BenchLogs logs, int parallelism, QualityConfig quality) throws Exception {
        BackfillConfig c = logs.backfill(parallelism).quality(quality).build();
        long t0 = System.nanoTime();
        BackfillJob.run(c);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] v) {
        double[] s = Arrays.copyOf(v, v.length);
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
