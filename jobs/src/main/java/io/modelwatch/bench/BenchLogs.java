package io.modelwatch.bench;

import io.modelwatch.backfill.BackfillConfig;
import io.modelwatch.influx.SinkSpec;
import io.modelwatch.io.InputFiles;
import io.modelwatch.io.LogGenerator;
import io.modelwatch.reference.ReferenceConfig;
import io.modelwatch.reference.ReferenceJob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The fixture of the benches that run the jobs: in one folder, a reference day of logs and the current day after
 * it (one model, numeric features only, num_000 and num_001 drifted), their snapshots, and the backfill of the
 * current day against them. The logs are generated once per folder and then reused, so a bench run again on the
 * same workdir measures the jobs, not the generator.
 */
final class BenchLogs {
    /** The reference logs' day; the current logs start where it ends. */
    static final Instant REFERENCE_DAY = Instant.parse("2026-11-24T00:00:00Z");
    static final Instant CURRENT_DAY = REFERENCE_DAY.plusSeconds(86_400);
    static final long HOUR = 3_600_000L;

    final Path dir, referenceDir, currentDir, snapshots;

    BenchLogs(Path dir) {
        this.dir = dir;
        this.referenceDir = dir.resolve("reference");
        this.currentDir = dir.resolve("current");
        this.snapshots = dir.resolve("snapshots");
    }

    /** The reference day: {@code features} numeric features, {@code events} events, in {@code files} files. */
    static LogGenerator.Config reference(int features, long events, int files) {
        LogGenerator.Config c = new LogGenerator.Config();
        c.numericFeatures = features;
        c.categoricalFeatures = 0;
        c.eventsPerModel = events;
        c.from = REFERENCE_DAY;
        c.to = CURRENT_DAY;
        c.files = files;
        return c;
    }

    /** The current day: as the reference, num_000 and num_001 drifted, another seed. */
    static LogGenerator.Config current(int features, long events, int files) {
        LogGenerator.Config c = reference(features, events, files);
        c.from = CURRENT_DAY;
        c.to = CURRENT_DAY.plusSeconds(86_400);
        c.driftFeatures = Set.of("num_000", "num_001");
        c.seed = 7;
        return c;
    }

    /** Generates both days unless the current logs are there already; true when it generated them. */
    boolean generate(LogGenerator.Config reference, LogGenerator.Config current) throws IOException {
        if (Files.isDirectory(currentDir)) return false;
        LogGenerator.generate(reference, referenceDir, n -> { });
        LogGenerator.generate(current, currentDir, n -> { });
        return true;
    }

    /** Runs the reference job on the reference logs into {@link #snapshots}; returns its seconds. */
    double referenceJob(int parallelism) throws Exception {
        long t0 = System.nanoTime();
        ReferenceJob.run(ReferenceConfig.builder().inputs(InputFiles.expand(referenceDir.toString())).output(snapshots)
                .parallelism(parallelism).deadLetter(dir.resolve("reference-dead-letter.jsonl")).build());
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The snapshots, made by the reference job unless they are there already. */
    void ensureSnapshots(int parallelism) throws Exception {
        if (!Files.isDirectory(snapshots)) referenceJob(parallelism);
    }

    List<Path> currentFiles() throws IOException {
        return InputFiles.expand(currentDir.toString());
    }

    /** The backfill of the current day against the snapshots: hourly windows, 4 shards a slot, sinks in the folder. */
    BackfillConfig.Builder backfill(int parallelism) throws IOException {
        return BackfillConfig.builder().inputs(currentFiles()).referenceDir(snapshots.toString())
                .fromMillis(CURRENT_DAY.toEpochMilli()).toMillis(CURRENT_DAY.plusSeconds(86_400).toEpochMilli())
                .windowMillis(HOUR).parallelism(parallelism).shards(4 * parallelism)
                .sink(SinkSpec.parse("file:" + dir.resolve("backfill.lp")))
                .deadLetter(dir.resolve("backfill-dead-letter.jsonl"));
    }

    /**
     * The parse floor of {@code files} on {@code threads} threads, warm: a first pass warms the JIT, then the
     * median of {@link ParseFloor#TIMED_RUNS} timed passes; seconds.
     */
    static double warmParseSeconds(List<Path> files, int threads) throws Exception {
        ParseFloor.parse(files, Math.max(1, threads));
        return ParseFloor.median(files, Math.max(1, threads)).seconds();
    }
}
