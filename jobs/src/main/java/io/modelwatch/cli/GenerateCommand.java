package io.modelwatch.cli;

import io.modelwatch.io.LogGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes synthetic prediction logs (JSONL) with chosen drift, for demos, tests and benchmarks.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--output", required = true, description = "Folder for the files (predictions-NNN.jsonl[.gz]).")
    Path output;

    @Option(names = "--models", split = ",", defaultValue = "model-a", description = "Model names (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--features", defaultValue = "20", description = "Numeric features num_000.. (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--categorical", defaultValue = "4", description = "Categorical features cat_NN (strings) and flag_NN (booleans) (default: ${DEFAULT-VALUE}).")
    int categorical;

    @Option(names = "--events", defaultValue = "10000", description = "Events per model (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--from", defaultValue = "2026-11-24T00:00:00Z", description = "Start of the time range (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", defaultValue = "2026-11-25T00:00:00Z", description = "End of the time range, exclusive (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--drift", split = ",", description = "Features to drift, e.g. num_000,cat_00.")
    List<String> drift = List.of();

    @Option(names = "--drift-shift", defaultValue = "1.0", description = "Mean shift of drifted numeric features in sigmas; categorical: mass moved to an unseen category is 0.3 x this (default: ${DEFAULT-VALUE}).")
    double driftShift;

    @Option(names = "--drift-scale", defaultValue = "1.0", description = "Spread factor of drifted numeric features (default: ${DEFAULT-VALUE}).")
    double driftScale;

    @Option(names = "--daily-cycle", defaultValue = "0", paramLabel = "SIGMAS",
            description = "Every numeric feature's mean moves with the UTC hour: mu + SIGMAS x sigma x sin(2 pi t / 1 day), "
                    + "as real features do (default: ${DEFAULT-VALUE}, still).")
    double dailyCycle;

    @Option(names = "--segments", defaultValue = "0", paramLabel = "N",
            description = "Every record gets the categorical feature 'segment' (seg_00 .. seg_N-1, uniform), for --segment-by "
                    + "features.segment (default: ${DEFAULT-VALUE}, none).")
    int segments;

    @Option(names = "--segment-spread", defaultValue = "0.25", paramLabel = "SIGMAS",
            description = "With --segments: segment k moves every numeric mean by k x SIGMAS x sigma, so segments differ "
                    + "(default: ${DEFAULT-VALUE}).")
    double segmentSpread;

    @Option(names = "--drift-segment", paramLabel = "SEGMENT",
            description = "With --segments: the drift of --drift happens in this segment only (e.g. seg_03).")
    String driftSegment;

    @Option(names = "--drift-from", description = "Drift starts at this time (default: from the start).")
    String driftFrom;

    @Option(names = "--missing-rate", defaultValue = "0.01", description = "Share of null feature values (default: ${DEFAULT-VALUE}).")
    double missingRate;

    @Option(names = "--error-rate", defaultValue = "0.01", description = "Share of status=error; timeouts and fallbacks are half that each (default: ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(names = "--bad-lines", defaultValue = "0", description = "Share of bad lines (truncated JSON, non-objects, missing or bad ts) (default: ${DEFAULT-VALUE}).")
    double badLines;

    @Option(names = "--files", defaultValue = "1", description = "Number of files, each a contiguous time slice (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--gzip", description = "Write .jsonl.gz.")
    boolean gzip;

    @Option(names = "--labels", description = "Also write label files (labels-NNN.jsonl[.gz], section 1b, in label time order) into this folder, "
            + "one per predictions file.")
    Path labels;

    @Option(names = "--label-delay-mean", defaultValue = "10m", description = "Mean of the exponential delay from a prediction to its label (default: ${DEFAULT-VALUE}).")
    String labelDelayMean;

    @Option(names = "--label-rate", defaultValue = "0.9", description = "Share of good predictions that get a label (default: ${DEFAULT-VALUE}).")
    double labelRate;

    @Option(names = "--concept-drift-from", description = "From this prediction time on, labels agree with the model's decision 65 %% of the time instead of 92 %%, "
            + "while the inputs keep their distribution (concept drift).")
    String conceptDriftFrom;

    @Option(names = "--correlation-flip-from", description = "num_000 and num_001 are correlated (+0.9), and from this time on "
            + "anti-correlated (-0.9), their marginals unchanged: drift only multivariate_drift shows.")
    String correlationFlipFrom;

    @Option(names = "--embedding-dim", defaultValue = "0", description = "Every record carries the feature 'embedding', an array of this many numbers (default: none).")
    int embeddingDim;

    @Option(names = "--embedding-shift", defaultValue = "0", description = "From --embedding-shift-from on, every element of the embedding moves by this many sigmas (default: ${DEFAULT-VALUE}).")
    double embeddingShift;

    @Option(names = "--embedding-shift-from", description = "When the embedding shift starts (default: from the start, where --embedding-shift is given).")
    String embeddingShiftFrom;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        LogGenerator.Config c = new LogGenerator.Config();
        c.models = models;
        c.numericFeatures = nonNegative("--features", features);
        c.categoricalFeatures = nonNegative("--categorical", categorical);
        c.eventsPerModel = events;
        TimeRange range = TimeRange.of(from, to, null, true, java.time.Clock.systemUTC());
        c.from = Instant.ofEpochMilli(range.fromMillis);
        c.to = Instant.ofEpochMilli(range.toMillis);
        c.driftFeatures = new HashSet<>(drift);
        c.driftShift = driftShift;
        c.driftScale = driftScale;
        c.dailyCycle = dailyCycle;
        if (segments < 0) throw new UsageException("--segments must be >= 0");
        if (driftSegment != null && segments == 0) throw new UsageException("--drift-segment needs --segments");
        c.segments = segments;
        c.segmentSpread = segmentSpread;
        c.driftSegment = driftSegment;
        c.driftFrom = driftFrom == null ? null : Instant.ofEpochMilli(TimeRange.of(driftFrom, null, null, false, java.time.Clock.systemUTC()).fromMillis);
        c.missingRate = rate("--missing-rate", missingRate);
        c.errorRate = rate("--error-rate", errorRate);
        c.badLineRate = rate("--bad-lines", badLines);
        if (files < 1) throw new UsageException("--files must be at least 1");
        if (events < 1) throw new UsageException("--events must be at least 1");
        c.files = files;
        c.gzip = gzip;
        c.seed = seed;
        c.labelsDir = labels;
        c.labelDelayMeanMs = io.modelwatch.io.Durations.parseMillis("--label-delay-mean", labelDelayMean);
        c.labelRate = rate("--label-rate", labelRate);
        if (conceptDriftFrom != null && labels == null) throw new UsageException("--concept-drift-from needs --labels DIR");
        c.conceptDriftFrom = conceptDriftFrom == null ? null
                : Instant.ofEpochMilli(TimeRange.of(conceptDriftFrom, null, null, false, java.time.Clock.systemUTC()).fromMillis);
        c.correlationFlipFrom = correlationFlipFrom == null ? null
                : Instant.ofEpochMilli(TimeRange.of(correlationFlipFrom, null, null, false, java.time.Clock.systemUTC()).fromMillis);
        if (correlationFlipFrom != null && c.numericFeatures < 2) throw new UsageException("--correlation-flip-from needs --features 2 or more");
        if (embeddingDim < 0) throw new UsageException("--embedding-dim must be >= 0");
        if ((embeddingShiftFrom != null || embeddingShift != 0) && embeddingDim == 0) {
            throw new UsageException("--embedding-shift needs --embedding-dim D");
        }
        c.embeddingDim = embeddingDim;
        c.embeddingShift = embeddingShift;
        c.embeddingShiftFrom = embeddingShiftFrom != null
                ? Instant.ofEpochMilli(TimeRange.of(embeddingShiftFrom, null, null, false, java.time.Clock.systemUTC()).fromMillis)
                : embeddingShift != 0 ? Instant.EPOCH : null;
        long total = events * models.size();
        long started = System.nanoTime();
        long[] lastPrint = {started};
        List<Path> written = LogGenerator.generate(c, output, n -> {
            long now = System.nanoTime();
            if (now - lastPrint[0] > 3_000_000_000L) {
                synchronized (lastPrint) {
                    if (now - lastPrint[0] > 3_000_000_000L) {
                        lastPrint[0] = now;
                        System.err.printf("generate: %,d of %,d lines%n", n, total);
                    }
                }
            }
        });
        System.err.printf("generate: %,d lines in %d file(s) under %s (%.1f s)%n", total, written.size(), output,
                (System.nanoTime() - started) / 1e9);
        if (labels != null) System.err.printf("generate: labels in %s%n", labels);
        return 0;
    }

    private static int nonNegative(String option, int v) {
        if (v < 0) throw new UsageException(option + " must be >= 0");
        return v;
    }

    private static double rate(String option, double v) {
        if (!(v >= 0 && v <= 1)) throw new UsageException(option + " must be in [0, 1]");
        return v;
    }

    static List<String> split(String s) {
        return Arrays.asList(s.split(","));
    }
}
