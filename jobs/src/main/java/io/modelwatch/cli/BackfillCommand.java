package io.modelwatch.cli;

import io.modelwatch.backfill.BackfillConfig;
import io.modelwatch.backfill.BackfillJob;
import io.modelwatch.backfill.SnapshotSource;
import io.modelwatch.influx.SinkSpec;
import io.modelwatch.io.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Batch drift and serving figures over historical prediction logs, per model, feature and "
                + "tumbling window, against reference snapshots. Bounded state: a histogram on the reference grid "
                + "per feature and window; --ks exact also keeps every value and is meant for bounded windows."})
final class BackfillCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Option(names = "--reference", required = true, description = "Folder of snapshots (or one snapshot file).")
    String reference;

    @Option(names = "--window", defaultValue = "1h", description = "Tumbling window, aligned to the epoch (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--ks", defaultValue = "grid", description = "grid (bounded memory) or exact (keeps values) (default: ${DEFAULT-VALUE}).")
    String ks;

    @Mixin
    DriftOptions drift;

    @Mixin
    LabelFileOptions labels;

    @Mixin
    JobOutputOptions out;

    @Mixin
    SegmentOptions segments;

    @Mixin
    QualityOptions quality;

    @Option(names = "--shards", defaultValue = "0", description = "Feature shards per model and window (default: 4 x parallelism).")
    int shards;

    @Override
    public Integer call() throws Exception {
        BackfillConfig c = config();
        return out.run("backfill", (beforeSink, listener) -> BackfillJob.run(c, beforeSink, listener),
                "points in " + c.sink() + ", bad records in " + c.deadLetter());
    }

    BackfillConfig config() {
        List<Path> files = input.files();
        TimeRange range = input.range(true);
        long windowMillis = Durations.parseMillis("--window", window);
        if (windowMillis <= 0) throw new UsageException("--window must be positive");
        if (!ks.equals("grid") && !ks.equals("exact")) throw new UsageException("--ks must be grid or exact");
        int grid = drift.grid();
        try {
            // refuses a bad folder now; the tasks reuse what it loaded
            new SnapshotSource(reference, grid, ks.equals("exact")).load();
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new UsageException("--reference " + reference + ": " + e.getMessage());
        }
        SinkSpec spec = out.sink.sinkSpec("file:modelwatch-out/backfill.lp");
        int parallelism = input.parallelism();
        int p = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        int s = shards > 0 ? shards : 4 * p;
        io.modelwatch.slo.SloSettings slos = out.slos();
        io.modelwatch.drift.DriftSettings settings = drift.settings(ks.equals("exact"));
        return BackfillConfig.builder().inputs(files).referenceDir(reference)
                .fromMillis(range.fromMillis).toMillis(range.toMillis).windowMillis(windowMillis)
                .drift(settings).grid(grid).parallelism(parallelism).shards(s)
                .sink(spec).deadLetter(spec.deadLetterFile())
                .slos(slos).labels(labels.config(settings.minCount))
                .redaction(out.redact.rules()).quality(quality.config(false)).segmentation(segments.segmentation())
                .build();
    }
}
