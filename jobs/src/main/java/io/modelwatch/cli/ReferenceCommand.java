package io.modelwatch.cli;

import io.modelwatch.reference.NumericReferenceBuilder;
import io.modelwatch.reference.ReferenceConfig;
import io.modelwatch.reference.ReferenceJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "Builds reference snapshots (one MODEL@VALIDFROM.snapshot.json per model) from prediction logs, "
                + "with thresholds calibrated on the reference's own chunks (docs/lifecycle.md).")
public final class ReferenceCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Option(names = "--output", required = true, description = "Folder for the snapshots.")
    Path output;

    @Option(names = "--grid", defaultValue = "1000", description = "Quantile grid size G, a multiple of 10 (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--sample", defaultValue = "10000", description = "Values kept per numeric feature for exact KS; the whole reference when it has at most this many (default: ${DEFAULT-VALUE}).")
    int sample;

    @Mixin
    LabelFileOptions labels;

    @Option(names = "--exact-limit", defaultValue = "10000000", description = "Values per numeric feature up to which the quantiles are exact (R-7); beyond, a KLL quantile sketch whose rank error the snapshot records, so memory stays bounded (default: ${DEFAULT-VALUE}; at least --sample).")
    long exactLimit;

    @Mixin
    RedactOptions redact;

    @Mixin
    SegmentOptions segments;

    @Option(names = "--valid-from", paramLabel = "TIME",
            description = "Windows starting at or after TIME use this snapshot (ISO-8601, a date, or today/yesterday; "
                    + "default: --to, or with an open range the newest record's time).")
    String validFrom;

    @Option(names = "--chunk", defaultValue = "1h",
            description = "Chunks of the reference range whose statistics against the whole reference calibrate the "
                    + "thresholds (default: ${DEFAULT-VALUE}).")
    String chunk;

    @Option(names = "--min-count", defaultValue = "30",
            description = "Values of a feature a chunk needs to count for its thresholds (default: ${DEFAULT-VALUE}).")
    long minCount;

    @Option(names = "--joint-sample", paramLabel = "N", defaultValue = "5000",
            description = "Records per model kept whole (a deterministic sample of the numeric features) for the "
                    + "multivariate PCA whose reconstruction error backfill and stream report as multivariate_drift "
                    + "(default: ${DEFAULT-VALUE}). Memory N x features x 8 bytes per reading task and in the snapshot "
                    + "writer; the fit costs N x features^2 / 2 plus an eigen-decomposition of min(N, features)^3, which dominates "
                    + "at thousands of features (docs/bench.md: minutes at 5,000), and backfill and stream then compute a "
                    + "reconstruction error per record of up to features^2 / 2 multiply-adds. 0: no joint sample, so the snapshot has no PCA (its "
                    + "embedding references stay) and backfill and stream write no multivariate_drift and count no "
                    + "multivariate outliers against it (docs/multivariate.md).")
    int jointSample;

    @Option(names = "--dead-letter", description = "Where bad records go (default: OUTPUT/dead-letter.jsonl).")
    Path deadLetter;

    @Override
    public Integer call() throws Exception {
        if (grid < 10 || grid % 10 != 0) throw new UsageException("--grid must be a positive multiple of 10");
        if (sample < 1) throw new UsageException("--sample must be at least 1");
        if (exactLimit < sample || exactLimit > NumericReferenceBuilder.MAX_EXACT_LIMIT) {
            throw new UsageException("--exact-limit must be between --sample (" + sample + ") and "
                    + NumericReferenceBuilder.MAX_EXACT_LIMIT);
        }
        if (minCount < 1) throw new UsageException("--min-count must be at least 1");
        if (jointSample < 0) throw new UsageException("--joint-sample must be 0 (none) or more rows");
        long chunkMillis = io.modelwatch.io.Durations.parseMillis("--chunk", chunk);
        long validFromMillis = ReferenceJob.Settings.DEFAULT_VALID_FROM;
        if (chunkMillis <= 0) throw new UsageException("--chunk must be positive");
        if (validFrom != null) {
            if (validFrom.equals("today") || validFrom.equals("yesterday")) {
                // as --day reads them: the nightly job builds yesterday's snapshot valid from today
                validFromMillis = TimeRange.of(null, null, validFrom, false, java.time.Clock.systemUTC()).fromMillis;
            } else {
                try {
                    validFromMillis = io.modelwatch.io.Timestamps.parseInstant(validFrom).toEpochMilli();
                } catch (java.time.format.DateTimeParseException e) {
                    throw new UsageException("--valid-from '" + validFrom + "': use ISO-8601, a date, today or yesterday");
                }
            }
        }
        List<Path> files = input.files();
        TimeRange range = input.range(false);
        io.modelwatch.performance.LabelConfig lc = labels.config(0); // a bad label option fails before any work
        io.modelwatch.redact.RedactionRules redaction = redact.rules();
        io.modelwatch.segment.Segmentation segmentation = segments.segmentation();
        Path dl = deadLetter != null ? deadLetter : output.resolve("dead-letter.jsonl");
        List<String> written;
        try (ProgressReporter p = new ProgressReporter("reference", System.err)) {
            written = ReferenceJob.run(ReferenceConfig.builder().inputs(files).output(output)
                    .fromMillis(range.fromMillis).toMillis(range.toMillis).grid(grid).sampleLimit(sample)
                    .exactLimit(exactLimit).validFromMillis(validFromMillis).chunkMillis(chunkMillis).minCount(minCount)
                    .parallelism(input.parallelism()).deadLetter(dl).redaction(redaction)
                    .segmentation(segmentation).jointSample(jointSample).build(), p.listener());
            p.succeeded();
        }
        if (written.isEmpty()) {
            throw new UsageException("no good records in range in " + input.input() + "; no snapshot written (bad records: " + dl + ")");
        }
        written.forEach(System.out::println);
        if (lc != null) {
            java.util.Map<String, io.modelwatch.performance.CalibrationMap> maps;
            try (ProgressReporter p = new ProgressReporter("reference --labels", System.err)) {
                maps = io.modelwatch.performance.CalibrationJob.learn(new io.modelwatch.performance.CalibrationConfig(
                        files, lc, range.fromMillis, range.toMillis, input.parallelism()), p.listener());
            }
            io.modelwatch.performance.CalibrationJob.addTo(output, maps).forEach(System.out::println);
            if (maps.isEmpty()) System.err.println("reference: no binary model with labels; no calibration map");
        }
        return 0;
    }
}
