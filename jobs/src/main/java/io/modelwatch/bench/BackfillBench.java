package io.modelwatch.bench;

import io.modelwatch.backfill.BackfillConfig;
import io.modelwatch.backfill.BackfillJob;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The backfill benchmark of issue 2: reference and current logs of F numeric features x E events, and in one
 * run the parse floor, the reference job, the backfill job, feature-values per second and peak heap, at two
 * sizes (E/4 and E) so the fixed start-up cost and the heap's growth with events can be told apart.
 */
public final class BackfillBench {
    private BackfillBench() {}

    public static final class Result {
        public long events;
        public double floorSeconds, referenceSeconds, backfillSeconds;
        public long backfillPeakHeap, backfillLiveHeap, floorPeakHeap;
        public long numbers;
    }

    public static void run(Path workdir, int features, long events, int files, int parallelism, PrintStream out)
            throws Exception {
        out.printf("bench backfill: %d numeric features, %,d events (and %,d), %d files per side, parallelism %d, %d cores, max heap %d MB%n",
                features, events, events / 4, files, parallelism, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        // The first run warms the JIT (parser, accumulators, Flink's code paths) and is not reported.
        out.println("warm-up run (not reported):");
        size(workdir.resolve("small"), features, events / 4, files, parallelism, out);
        Result small = size(workdir.resolve("small"), features, events / 4, files, parallelism, out);
        Result large = size(workdir.resolve("large"), features, events, files, parallelism, out);

        out.println();
        out.println("| figure | " + small.events + " events | " + large.events + " events | marginal (large - small) |");
        out.println("|---|---|---|---|");
        row(out, "parse floor (s)", small.floorSeconds, large.floorSeconds);
        row(out, "reference job (s)", small.referenceSeconds, large.referenceSeconds);
        row(out, "backfill job (s)", small.backfillSeconds, large.backfillSeconds);
        out.printf("| backfill / parse floor | %.2fx | %.2fx | %.2fx |%n", small.backfillSeconds / small.floorSeconds,
                large.backfillSeconds / large.floorSeconds,
                (large.backfillSeconds - small.backfillSeconds) / (large.floorSeconds - small.floorSeconds));
        double fv = (double) features * large.events;
        out.printf("| backfill feature-values/s | %,.0f | %,.0f | %,.0f |%n", features * small.events / small.backfillSeconds,
                fv / large.backfillSeconds, (fv - features * small.events) / (large.backfillSeconds - small.backfillSeconds));
        out.printf("| parse floor numbers/s | %,.0f | %,.0f | |%n", small.numbers / small.floorSeconds, large.numbers / large.floorSeconds);
        out.printf("| peak live heap after GC, backfill (MB) | %d | %d | %+d |%n", small.backfillLiveHeap >> 20,
                large.backfillLiveHeap >> 20, (large.backfillLiveHeap - small.backfillLiveHeap) >> 20);
        out.printf("| peak used heap incl. garbage, backfill (MB) | %d | %d | %+d |%n", small.backfillPeakHeap >> 20,
                large.backfillPeakHeap >> 20, (large.backfillPeakHeap - small.backfillPeakHeap) >> 20);
        out.printf("| peak heap, parse floor (MB) | %d | %d | |%n", small.floorPeakHeap >> 20, large.floorPeakHeap >> 20);
    }

    private static void row(PrintStream out, String name, double a, double b) {
        out.printf("| %s | %.2f | %.2f | %.2f |%n", name, a, b, b - a);
    }

    static Result size(Path dir, int features, long events, int files, int parallelism, PrintStream out) throws Exception {
        Result r = new Result();
        r.events = events;
        BenchLogs logs = new BenchLogs(dir);
        logs.generate(BenchLogs.reference(features, events, files), BenchLogs.current(features, events, files));
        List<Path> curFiles = logs.currentFiles();
        long bytes = 0;
        for (Path p : curFiles) bytes += Files.size(p);
        out.printf("%n%,d events: current logs %,d MB in %d files%n", events, bytes >> 20, curFiles.size());

        ParseFloor.parse(curFiles, Math.max(1, parallelism)); // warm-up pass: the floor is measured warm
        try (HeapWatcher heap = new HeapWatcher()) {
            ParseFloor.Timing floor = ParseFloor.median(curFiles, Math.max(1, parallelism));
            r.numbers = floor.numbers();
            r.floorSeconds = floor.seconds();
            r.floorPeakHeap = heap.peakUsedBytes();
        }
        out.printf("  parse floor: %.2f s (%,d numbers, %,.0f numbers/s)%n", r.floorSeconds, r.numbers, r.numbers / r.floorSeconds);

        r.referenceSeconds = logs.referenceJob(parallelism);
        out.printf("  reference job: %.2f s%n", r.referenceSeconds);

        BackfillConfig c = logs.backfill(parallelism).build();
        try (HeapWatcher heap = new HeapWatcher()) {
            long t0 = System.nanoTime();
            BackfillJob.run(c);
            r.backfillSeconds = (System.nanoTime() - t0) / 1e9;
            r.backfillPeakHeap = heap.peakUsedBytes();
            r.backfillLiveHeap = heap.peakLiveBytes();
        }
        out.printf("  backfill job: %.2f s (%,.0f feature-values/s), peak live heap %d MB, peak used %d MB%n",
                r.backfillSeconds, (double) features * events / r.backfillSeconds, r.backfillLiveHeap >> 20,
                r.backfillPeakHeap >> 20);
        return r;
    }
}
